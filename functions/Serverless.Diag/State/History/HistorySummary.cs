using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.History;

/// <summary>Turns history rows into one summary per check: timeline, uptime, latency percentiles, last failure.</summary>
public static class HistorySummary
{
    public const string LatencyMeasurement = "latency";

    /// <summary>The newest runs shown in a timeline; older ones are still counted in the uptime.</summary>
    public const int TimelineLength = 60;

    public static char Symbol(CheckStatus status) => status switch
    {
        CheckStatus.Pass => '.',
        CheckStatus.Warn => 'w',
        CheckStatus.Fail => 'F',
        CheckStatus.Error => 'E',
        _ => '-',
    };

    /// <param name="checks">The checks to show, in order; a check with no row shows with no runs.</param>
    public static IReadOnlyList<CheckHistory> Summarise(IEnumerable<string> checks, IReadOnlyList<HistoryEntry> entries)
    {
        var byCheck = HistoryQueries.ByCheck(entries);
        return [.. checks.Select(check => Summarise(check, byCheck.GetValueOrDefault(check) ?? []))];
    }

    private static CheckHistory Summarise(string check, IReadOnlyList<HistoryEntry> runs)
    {
        var ran = runs.Where(r => r.Status != CheckStatus.Skipped).ToList();
        var up = ran.Count(r => r.Status is CheckStatus.Pass or CheckStatus.Warn);
        var latencies = Percentiles.Measured(ran, LatencyMeasurement);
        var shown = runs.Count > TimelineLength ? runs.Skip(runs.Count - TimelineLength) : runs;
        return new CheckHistory(
            check,
            runs.Count,
            new string([.. shown.Select(r => Symbol(r.Status))]),
            ran.Count == 0 ? null : (double)up / ran.Count,
            Percentiles.NearestRank(latencies, 0.50),
            Percentiles.NearestRank(latencies, 0.95),
            runs.LastOrDefault(r => r.Status is CheckStatus.Fail or CheckStatus.Error));
    }
}
