using System.Collections.Concurrent;

namespace Serverless.Diag.Probes.Auth;

/// <summary>
/// Tokens kept for the life of the process, by a key naming the client (endpoint, client id, scope...): every check using
/// the same client shares one token, and a token is fetched once however many checks ask at the same moment. A token is
/// used until shortly before it expires (<see cref="RefreshMargin"/>), then fetched again; a failed fetch is not kept.
/// </summary>
public static class SharedTokenCache
{
    private static readonly ConcurrentDictionary<string, Entry> Entries = new(StringComparer.Ordinal);

    /// <summary>
    /// How long before expiry a token is replaced: five minutes (as Azure.Identity does), but at most half its lifetime, so
    /// a token valid for a minute is still used for thirty seconds.
    /// </summary>
    public static TimeSpan RefreshMargin(TimeSpan lifetime) =>
        lifetime <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 2));

    /// <param name="key">Names the client; include everything that changes the token (and a hash of the secret, never the secret).</param>
    /// <param name="fetch">Asks for a new token; throws <see cref="TokenUnavailableException"/> when it cannot.</param>
    public static async ValueTask<BearerToken> GetAsync(string key, Func<CancellationToken, Task<BearerToken>> fetch, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = time.GetUtcNow();
            var entry = Entries.AddOrUpdate(
                key,
                _ => new Entry(fetch, now, cancellationToken),
                (_, existing) => existing.IsUsable(now) ? existing : new Entry(fetch, now, cancellationToken));
            try
            {
                return await entry.Token.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Not kept: the next check (or the next run) asks again.
                Entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));

                // Another check's fetch was cancelled by that check's own timeout: fetch again under ours.
                if (entry.Token.IsCanceled && attempt == 0)
                {
                    continue;
                }

                throw;
            }
        }
    }

    /// <summary>Forgets every token (tests, and a host that rotates credentials).</summary>
    public static void Clear() => Entries.Clear();

    private sealed class Entry
    {
        // AddOrUpdate may build an entry it then throws away: only the stored one ever starts its fetch.
        private readonly Lazy<Task<BearerToken>> _token;

        public Entry(Func<CancellationToken, Task<BearerToken>> fetch, DateTimeOffset requested, CancellationToken cancellationToken)
        {
            Requested = requested;
            _token = new(() => fetch(cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public DateTimeOffset Requested { get; }

        public Task<BearerToken> Token => _token.Value;

        public bool IsUsable(DateTimeOffset now)
        {
            if (!Token.IsCompleted)
            {
                return true; // being fetched: wait for it
            }

            if (!Token.IsCompletedSuccessfully)
            {
                return false;
            }

            var expires = Token.Result.ExpiresOn;
            return now < expires - RefreshMargin(expires - Requested);
        }
    }
}
