using Microsoft.Extensions.Logging;

namespace Serverless.Diag.State;

/// <summary>
/// Incident filing per environment holds a lease from the state store, so the timer on one instance and an
/// on-demand run on another never file the same incident twice: the second waits for the first to finish.
/// </summary>
public static class IncidentLeases
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(5);

    /// <summary>Longest wait for one store call: a store that stopped answering counts as unreachable.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static string NameFor(string environment) => "incidents|" + environment;

    /// <summary>Takes the lease of every environment (in name order, so two instances never hold one each and wait for the other).</summary>
    /// <param name="wait">How long to wait for a lease another instance holds before giving its environment up for this run.</param>
    public static Task<LeaseSet> AcquireAsync(IStateStore store, IEnumerable<string> environments, string owner, TimeSpan wait, TimeProvider time, ILogger logger, CancellationToken cancellationToken) =>
        AcquireAsync(store, environments, owner, wait, OperationTimeout, time, logger, cancellationToken);

    /// <param name="operationTimeout">How long one call to the store may take before the store counts as unreachable.</param>
    public static async Task<LeaseSet> AcquireAsync(
        IStateStore store, IEnumerable<string> environments, string owner, TimeSpan wait, TimeSpan operationTimeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var set = new LeaseSet();
        var deadline = time.GetUtcNow() + wait;
        foreach (var environment in environments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            while (true)
            {
                StoreLease? lease;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(operationTimeout);
                    lease = await store.TryAcquireLeaseAsync(NameFor(environment), owner, Duration, timeout.Token).WaitAsync(timeout.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // No store, no lease: filing goes ahead as without a store (the sink closes any duplicate it finds).
                    var problem = $"incident lease for '{environment}' not taken, filing without it: state store unreachable ({StoreErrors.OneLine(e)})";
                    logger.LogWarning("{Problem}", problem);
                    set.Problems.Add(problem);
                    set.Held.Add(environment);
                    break;
                }

                if (lease is not null)
                {
                    set.Leases.Add(lease);
                    set.Held.Add(environment);
                    break;
                }

                if (time.GetUtcNow() >= deadline)
                {
                    var problem = $"incidents of '{environment}' not filed this run: another instance is filing them (lease held)";
                    logger.LogWarning("{Problem}", problem);
                    set.Problems.Add(problem);
                    break;
                }

                await Task.Delay(Poll, time, cancellationToken);
            }
        }

        return set;
    }
}

/// <summary>The leases a run holds; released on dispose.</summary>
public sealed class LeaseSet : IAsyncDisposable
{
    public List<StoreLease> Leases { get; } = [];

    /// <summary>Environments whose incidents this run may file.</summary>
    public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var lease in Leases)
        {
            await lease.DisposeAsync();
        }
    }
}
