namespace Serverless.Diag.GitHub.Incidents;

/// <summary>Timing not in the config file.</summary>
internal sealed record IncidentTiming
{
    /// <summary>
    /// While nothing changes, the body's state (last seen, occurrences) is rewritten at most this often, so a
    /// steady failure costs no write per run.
    /// </summary>
    public TimeSpan StateRefresh { get; init; } = TimeSpan.FromHours(1);
}
