using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.State;

/// <summary>How one run's result moves a check's remembered state. Pure: the same inputs give the same state.</summary>
public static class StateTransition
{
    /// <param name="tracksRuns">The check has an interval: its last run time is what makes it due, so every run is recorded.</param>
    public static CheckState Next(CheckState prior, CheckStatus status, DateTimeOffset now, string runId, int failureThreshold, int successThreshold, bool tracksRuns)
    {
        if (status == CheckStatus.Skipped)
        {
            // Not run (a dependency failed, load not allowed): nothing was learnt, and it stays due.
            return prior;
        }

        var failing = status is CheckStatus.Fail or CheckStatus.Error;

        // Saturating counters: past its threshold a steady check produces the same state and costs no write.
        var failures = failing ? Math.Min(prior.ConsecutiveFailures + 1, Math.Max(failureThreshold, 1)) : 0;
        var passes = failing ? 0 : Math.Min(prior.ConsecutivePasses + 1, Math.Max(successThreshold, 1));
        return prior with
        {
            Status = status,
            StatusSince = prior.Status == status ? prior.StatusSince : now,
            ConsecutiveFailures = failures,
            ConsecutivePasses = passes,
            LastRunAt = tracksRuns ? now : prior.LastRunAt,
            LastRunId = runId,
        };
    }

    /// <summary>
    /// A failing run inside a maintenance window or silence: the status is remembered, but the failure streak is not
    /// counted, so after the window the failure threshold counts from its end.
    /// </summary>
    public static CheckState Silenced(CheckState prior, CheckStatus status, DateTimeOffset now, string runId, bool tracksRuns) => prior with
    {
        Status = status,
        StatusSince = prior.Status == status ? prior.StatusSince : now,
        ConsecutiveFailures = 0,
        ConsecutivePasses = 0,
        LastRunAt = tracksRuns ? now : prior.LastRunAt,
        LastRunId = runId,
    };

    /// <summary>Failing, below the threshold: the report says <c>pending n/N</c> and the incident waits.</summary>
    public static ThresholdProgress? Pending(CheckState state, int failureThreshold) =>
        state.IsFailing && state.ConsecutiveFailures < failureThreshold
            ? new ThresholdProgress(state.ConsecutiveFailures, failureThreshold)
            : null;
}
