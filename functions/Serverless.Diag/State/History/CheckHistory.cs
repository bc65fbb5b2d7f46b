using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.History;

/// <summary>One check's runs over a period, summarised for the <c>history</c> command.</summary>
/// <param name="Timeline">One character per run, oldest first (see <see cref="HistorySummary.Symbol"/>).</param>
/// <param name="Uptime">Passing (or warning) runs over runs that ran; null with no run.</param>
/// <param name="LatencyP50Ms">Of the <c>latency</c> measurement, where measured.</param>
public sealed record CheckHistory(
    string Check,
    int Runs,
    string Timeline,
    double? Uptime,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    HistoryEntry? LastFailure)
{
    /// <summary>Why the last failure failed: its error cause, else its first failed assertion.</summary>
    public string? LastFailureCause => LastFailure is null ? null : LastFailure.ErrorCause ?? (LastFailure.FailedAssertions.Count > 0 ? LastFailure.FailedAssertions[0] : null) ?? LastFailure.Status.ToWire();
}
