namespace Serverless.Diag.State;

/// <summary>
/// Memory across runs: the current state of each check per environment, its history, and leases that keep two
/// instances from filing the same incident. Implementations: a local directory (<c>--state DIR</c>) and Azure
/// Table Storage (driver pack). A store never sees a secret: everything handed to it is already redacted.
/// </summary>
public interface IStateStore
{
    /// <summary>Where the state lives, for logs and the report; never holds a credential.</summary>
    string Description { get; }

    /// <summary>Every check state stored for the environment, and the store's clock.</summary>
    /// <remarks>An entity that cannot be read (bad JSON, unknown version, wrong types) comes back empty with its token and a warning naming it.</remarks>
    Task<StateSnapshot> LoadAsync(string environment, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the changed states (each guarded by its <see cref="CheckState.ETag"/>: null means "must not exist yet") and
    /// appends the history rows; removes history older than <see cref="StateBatch.PruneBefore"/> as it goes.
    /// </summary>
    /// <returns>The checks whose token no longer matched (another instance wrote first): reload and apply again.</returns>
    Task<SaveOutcome> SaveAsync(StateBatch batch, CancellationToken cancellationToken);

    /// <summary>History of the environment since the given time, newest first; one check or all.</summary>
    Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string environment, string? check, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Takes the named lease if nobody holds it (or the holder let it expire); null when another owner holds it.</summary>
    Task<StoreLease?> TryAcquireLeaseAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken);
}

/// <param name="Checks">By check name.</param>
/// <param name="StoreTime">The store's clock when it answered (server time for a remote store).</param>
/// <param name="Warnings">Entities that were unreadable and were reset, each named.</param>
public sealed record StateSnapshot(IReadOnlyDictionary<string, CheckState> Checks, DateTimeOffset StoreTime, IReadOnlyList<string> Warnings);

/// <param name="PruneBefore">History older than this may be deleted (retention).</param>
public sealed record StateBatch(string Environment, IReadOnlyList<CheckState> Changed, IReadOnlyList<HistoryEntry> History, DateTimeOffset PruneBefore);

/// <param name="Conflicts">Checks another writer changed since they were loaded; nothing of theirs was written.</param>
public sealed record SaveOutcome(IReadOnlyList<string> Conflicts)
{
    public static SaveOutcome Clean { get; } = new([]);
}

/// <summary>A lease held in a store; released on dispose. Expires by itself if the holder dies.</summary>
public abstract class StoreLease : IAsyncDisposable
{
    public abstract string Name { get; }

    public abstract Task ReleaseAsync(CancellationToken cancellationToken);

    /// <summary>Longest wait for a release: a store that stopped answering must not hold the run up.</summary>
    public static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(ReleaseTimeout);
            await ReleaseAsync(timeout.Token).WaitAsync(timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An unreleased lease expires by itself; releasing is a courtesy to the next instance.
        }

        GC.SuppressFinalize(this);
    }
}
