namespace Serverless.Diag.State.History;

/// <summary>Percentiles of measured values, nearest rank: always a value that was measured, never an interpolation.</summary>
public static class Percentiles
{
    /// <param name="sorted">Ascending.</param>
    public static double? NearestRank(IReadOnlyList<double> sorted, double quantile) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The named measurement of each run that has it, ascending.</summary>
    public static List<double> Measured(IEnumerable<HistoryEntry> runs, string measurement) =>
        [.. runs.Select(r => r.Measurements.TryGetValue(measurement, out var value) ? value : (double?)null).OfType<double>().Order()];
}
