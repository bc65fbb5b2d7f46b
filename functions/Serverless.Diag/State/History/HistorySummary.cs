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
        var byCheck = entries.GroupBy(e => e.Check, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(e => e.Time).ToList(), StringComparer.Ordinal);
        return [.. checks.Select(check => Summarise(check, byCheck.GetValueOrDefault(check) ?? []))];
    }

    private static CheckHistory Summarise(string check, List<HistoryEntry> runs)
    {
        var ran = runs.Where(r => r.Status != CheckStatus.Skipped).ToList();
        var up = ran.Count(r => r.Status is CheckStatus.Pass or CheckStatus.Warn);
        var latencies = ran
            .Select(r => r.Measurements.TryGetValue(LatencyMeasurement, out var ms) ? ms : (double?)null)
            .OfType<double>()
            .Order()
            .ToList();
        var shown = runs.Count > TimelineLength ? runs[^TimelineLength..] : runs;
        return new CheckHistory(
            check,
            runs.Count,
            new string([.. shown.Select(r => Symbol(r.Status))]),
            ran.Count == 0 ? null : (double)up / ran.Count,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            runs.LastOrDefault(r => r.Status is CheckStatus.Fail or CheckStatus.Error));
    }

    /// <summary>Nearest rank: an actual measured value, never an interpolation between two.</summary>
    private static double? Percentile(List<double> sorted, double quantile) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
