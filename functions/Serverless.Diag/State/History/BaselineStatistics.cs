using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.History;

/// <summary>
/// A check's baselines from its history: for each measurement, the statistic (median by default) of its values in the
/// passing runs of the window. A median ignores the odd slow run that a mean would be dragged by.
/// </summary>
public static class BaselineStatistics
{
    /// <param name="runs">The check's history rows (any order, any status).</param>
    /// <param name="paths">The measurements its assertions compare with their baseline.</param>
    /// <param name="now">On the store's clock: the window ends here.</param>
    public static CheckBaselines From(IEnumerable<HistoryEntry> runs, IEnumerable<string> paths, BaselineSettings settings, DateTimeOffset now)
    {
        var since = now - settings.Window;
        var passing = runs.Where(r => r.Time >= since && r.Time <= now && IsPassing(r)).ToList();
        var figures = new Dictionary<string, BaselineFigure>(StringComparer.Ordinal);
        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            var values = Percentiles.Measured(passing, path);
            figures[path] = new BaselineFigure(path, Statistic(values, settings.Statistic), values.Count, settings.MinRuns, settings.Label);
        }

        return new CheckBaselines(figures, CheckBaselines.NoHistory.WhenMissing);
    }

    /// <summary>
    /// A run the baseline may learn from: it passed, or it warned for another reason than its own history (a run that
    /// was slow against the baseline must not drag the baseline after it).
    /// </summary>
    public static bool IsPassing(HistoryEntry run) =>
        run.Status == CheckStatus.Pass
        || (run.Status == CheckStatus.Warn && !run.FailedAssertions.Any(a => a.Contains(BaselineValue.Keyword, StringComparison.Ordinal)));

    /// <summary>Null for no values. The median of an even count is the mean of the middle two; percentiles are nearest-rank.</summary>
    public static double? Statistic(IReadOnlyCollection<double> values, BaselineStatistic statistic)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        return statistic switch
        {
            BaselineStatistic.Median => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2,
            BaselineStatistic.P90 => Percentiles.NearestRank(sorted, 0.90),
            BaselineStatistic.P95 => Percentiles.NearestRank(sorted, 0.95),
            _ => Percentiles.NearestRank(sorted, 0.99),
        };
    }
}
