using Microsoft.Azure.Functions.Worker;
using Serverless.Diag.Hosting.Scheduling;

namespace Serverless.Diag.Functions;

/// <summary>
/// The timer function: every environment, every check, incidents filed, on DIAG_SCHEDULE. A run that found
/// failures is a successful invocation; one that could not run (config, app settings) throws, so the host
/// records a failed invocation with the reason.
/// </summary>
public sealed class ScheduledDiagnosis(ScheduledDiagnosisRunner runner, TelemetryFlush telemetry)
{
    public const string Name = "ScheduledDiagnosis";

    [Function(Name)]
    public async Task RunAsync([TimerTrigger("%DIAG_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunAsync(ToTrigger(timer), cancellationToken);
        }
        finally
        {
            // The run's log lines leave before the invocation ends: the instance may be scaled in right after.
            await telemetry.FlushAsync();
        }
    }

    /// <summary>The host omits ScheduleStatus without a schedule monitor; Last is MinValue before the first run.</summary>
    internal static ScheduleTrigger ToTrigger(TimerInfo? timer)
    {
        var status = timer?.ScheduleStatus;
        DateTimeOffset? last = status is null || status.Last == default ? null : new DateTimeOffset(DateTime.SpecifyKind(status.Last, DateTimeKind.Utc));
        DateTimeOffset? next = status is null || status.Next == default ? null : new DateTimeOffset(DateTime.SpecifyKind(status.Next, DateTimeKind.Utc));
        return new ScheduleTrigger(timer?.IsPastDue ?? false, last, next);
    }
}
