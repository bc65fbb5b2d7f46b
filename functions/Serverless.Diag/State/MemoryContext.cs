namespace Serverless.Diag.State;

/// <summary>What the store said before a run: each environment's states (null where it could not be read) and its clock.</summary>
public sealed class MemoryContext
{
    internal MemoryContext(string runId, TimeSpan clockOffset, DateTimeOffset readAt)
    {
        RunId = runId;
        ClockOffset = clockOffset;
        ReadAt = readAt;
    }

    /// <summary>When the store was read, on its clock: baselines end here.</summary>
    public DateTimeOffset ReadAt { get; }

    /// <summary>History read for baselines and trends, by environment; null where the store could not be read.</summary>
    internal Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<HistoryEntry>>?> History { get; } = new(StringComparer.Ordinal);

    public string RunId { get; }

    /// <summary>Store clock minus host clock: every time written is on the store's clock, so skewed hosts still agree.</summary>
    public TimeSpan ClockOffset { get; }

    internal Dictionary<string, StateSnapshot?> Snapshots { get; } = new(StringComparer.Ordinal);

    internal List<string> Warnings { get; } = [];

    internal List<string> NotDue { get; } = [];

    /// <summary>The ad hoc silences the store holds (empty when it keeps none or could not be read).</summary>
    public IReadOnlyList<Silences.Silence> Silences { get; internal set; } = [];

    public bool Reachable(string environment) => Snapshots.TryGetValue(environment, out var snapshot) && snapshot is not null;

    public CheckState? Find(string environment, string check) =>
        Snapshots.TryGetValue(environment, out var snapshot) && snapshot is not null && snapshot.Checks.TryGetValue(check, out var state) ? state : null;
}
