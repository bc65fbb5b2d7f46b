namespace Serverless.Diag.State.History;

/// <summary>
/// The questions every reader of the run history asks (availability, status page, incident bodies, baselines):
/// "the runs of this environment (or check) since T, per check, oldest first" and "the last N runs of a check".
/// One place, so each reader gets the same ordering and the same window.
/// </summary>
public static class HistoryQueries
{
    /// <summary>Every row of <paramref name="environment"/> (one check or all) since <paramref name="since"/>, per check, oldest first.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<HistoryEntry>>> RunsByCheckAsync(
        this IStateStore store, string environment, DateTimeOffset since, string? check, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var rows = await store.ReadHistoryAsync(environment, check, since, cancellationToken);
        return ByCheck(rows.Where(r => r.Time >= since));
    }

    /// <summary>The last <paramref name="count"/> runs of one check since <paramref name="since"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<HistoryEntry>> RecentRunsAsync(
        this IStateStore store, string environment, string check, DateTimeOffset since, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rows = await store.ReadHistoryAsync(environment, check, since, cancellationToken);
        var runs = Oldest(rows.Where(r => r.Time >= since && string.Equals(r.Check, check, StringComparison.Ordinal)));
        return runs.Count > count ? runs[^count..] : runs;
    }

    /// <summary>Groups rows by check, each group oldest first (ties keep the order of their run ids).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<HistoryEntry>> ByCheck(IEnumerable<HistoryEntry> rows) =>
        rows.GroupBy(r => r.Check, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<HistoryEntry>)Oldest(g), StringComparer.Ordinal);

    private static List<HistoryEntry> Oldest(IEnumerable<HistoryEntry> rows) =>
        [.. rows.OrderBy(r => r.Time).ThenBy(r => r.RunId, StringComparer.Ordinal)];
}
