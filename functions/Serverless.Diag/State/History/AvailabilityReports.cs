using Serverless.Diag.Configuration;

namespace Serverless.Diag.State.History;

/// <summary>Builds the availability of environments over a period from the state store's history and the config.</summary>
public static class AvailabilityReports
{
    /// <summary>Rows this long before the period are read too: they give each check's state when the period starts.</summary>
    public static TimeSpan Lookback { get; } = TimeSpan.FromDays(1);

    /// <summary>A run speaks for this many of the check's intervals; a longer silence is unknown time.</summary>
    public const int StaleIntervals = 3;

    /// <summary>Whatever the interval, a run speaks for at least this long (timer ticks jitter).</summary>
    public static TimeSpan MinimumStaleAfter { get; } = TimeSpan.FromMinutes(2);

    /// <summary>The interval assumed for a check with one run and no <c>interval</c>.</summary>
    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromMinutes(5);

    public static async Task<AvailabilityReport> BuildAsync(
        DiagConfig config, IStateStore store, IReadOnlyList<string> environments, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        var result = new List<EnvironmentAvailability>();
        foreach (var environment in environments)
        {
            var runs = await store.RunsByCheckAsync(environment, from - Lookback, null, cancellationToken);
            result.Add(ForEnvironment(config, environment, runs, from, to));
        }

        return new AvailabilityReport(from, to, store.Description, result);
    }

    /// <param name="runs">The environment's runs per check, oldest first (they may start before <paramref name="from"/>).</param>
    public static EnvironmentAvailability ForEnvironment(
        DiagConfig config, string environment, IReadOnlyDictionary<string, IReadOnlyList<HistoryEntry>> runs, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(runs);

        // Follow-up checks run only when another fails: they have no availability of their own.
        var checks = config.Checks.Where(c => c.RunsIn(environment) && !c.FollowUpOnly);
        return new EnvironmentAvailability(environment, [.. checks.Select(c => ForCheck(config, environment, c, runs.GetValueOrDefault(c.Name) ?? [], from, to))]);
    }

    public static CheckAvailability ForCheck(DiagConfig config, string environment, CheckDefinition check, IReadOnlyList<HistoryEntry> runs, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(check);
        var interval = check.Memory.Interval ?? MedianGap(runs) ?? DefaultInterval;
        var staleAfter = interval * StaleIntervals > MinimumStaleAfter ? interval * StaleIntervals : MinimumStaleAfter;
        var windows = MaintenanceIntervals.For(config.Maintenance, environment, check, from - staleAfter, to);
        var timeline = AvailabilityTimeline.Build(runs, from, to, staleAfter, windows);
        var inPeriod = runs.Where(r => r.Time >= from && r.Time <= to).ToList();
        var latencies = Percentiles.Measured(inPeriod.Where(r => r.Status != Reporting.CheckStatus.Skipped), HistorySummary.LatencyMeasurement);
        var inMaintenance = windows.Any(w => w.Start <= to && to < w.End);
        return new CheckAvailability(
            check.Name, timeline, inPeriod.Count, Percentiles.NearestRank(latencies, 0.50), Percentiles.NearestRank(latencies, 0.95), interval, inMaintenance);
    }

    /// <summary>The median gap between consecutive runs: how often the check actually runs (ticks, intervals, retries aside).</summary>
    public static TimeSpan? MedianGap(IReadOnlyList<HistoryEntry> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var gaps = new List<TimeSpan>(Math.Max(0, runs.Count - 1));
        for (var i = 1; i < runs.Count; i++)
        {
            var gap = runs[i].Time - runs[i - 1].Time;
            if (gap > TimeSpan.Zero)
            {
                gaps.Add(gap);
            }
        }

        if (gaps.Count == 0)
        {
            return null;
        }

        gaps.Sort();
        return gaps[(gaps.Count - 1) / 2];
    }
}
