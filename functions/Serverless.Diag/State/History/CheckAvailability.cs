namespace Serverless.Diag.State.History;

/// <summary>One check's availability over a period: the figures a report shows, and the timeline they come from.</summary>
/// <param name="Runs">Runs inside the period (skipped ones included).</param>
/// <param name="ExpectedInterval">How often the check runs (its <c>interval</c>, else the median gap between its runs).</param>
/// <param name="InMaintenance">A maintenance window covers the check at the end of the period.</param>
public sealed record CheckAvailability(
    string Check,
    AvailabilityTimeline Timeline,
    int Runs,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    TimeSpan ExpectedInterval,
    bool InMaintenance)
{
    public AvailabilityTotals Totals { get; } = Timeline.Totals();

    public double? Availability => Totals.Availability;

    public IReadOnlyList<Outage> Outages => Timeline.Outages;

    /// <summary>Mean time to recovery: the mean downtime of the outages that ended; null when none did.</summary>
    public TimeSpan? Mttr => Outages.Where(o => !o.Ongoing).Select(o => o.Downtime).ToList() is { Count: > 0 } ended
        ? TimeSpan.FromTicks((long)ended.Average(d => d.Ticks))
        : null;

    public Outage? Longest => Outages.OrderByDescending(o => o.Downtime).ThenBy(o => o.Start).FirstOrDefault();

    /// <summary>pass, warn, fail or error from the last run; <c>unknown</c> when there is none or it is too old to speak for now.</summary>
    public string CurrentStatus => Timeline.LastRun is { } last && !Timeline.LastRunStale ? Reporting.StatusRules.ToWire(last.Status) : "unknown";
}

/// <param name="Name">The environment.</param>
public sealed record EnvironmentAvailability(string Name, IReadOnlyList<CheckAvailability> Checks)
{
    /// <summary>All checks' time together: the environment's availability.</summary>
    public AvailabilityTotals Totals { get; } = new(
        Sum(Checks, t => t.Up), Sum(Checks, t => t.Down), Sum(Checks, t => t.Unknown), Sum(Checks, t => t.Maintenance));

    private static TimeSpan Sum(IReadOnlyList<CheckAvailability> checks, Func<AvailabilityTotals, TimeSpan> part) =>
        checks.Aggregate(TimeSpan.Zero, (sum, c) => sum + part(c.Totals));
}

/// <summary>The availability of the chosen environments over one period, from the state store's history.</summary>
public sealed record AvailabilityReport(DateTimeOffset From, DateTimeOffset To, string Store, IReadOnlyList<EnvironmentAvailability> Environments);
