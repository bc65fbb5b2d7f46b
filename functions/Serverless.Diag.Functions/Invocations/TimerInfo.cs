namespace Serverless.Diag.Functions.Invocations;

/// <summary>The timer trigger's binding data, named as in the isolated worker (Microsoft.Azure.Functions.Worker.TimerInfo).</summary>
public sealed record TimerInfo
{
    /// <summary>Null on some hosts and when the schedule monitor (useMonitor) is off.</summary>
    public ScheduleStatus? ScheduleStatus { get; init; }

    /// <summary>The invocation is later than scheduled: the app was down, or the previous run overran.</summary>
    public bool IsPastDue { get; init; }
}

/// <summary>The schedule monitor's record. <see cref="Last"/> is <see cref="DateTimeOffset.MinValue"/> before the first run.</summary>
public sealed record ScheduleStatus
{
    public DateTimeOffset Last { get; init; }

    public DateTimeOffset Next { get; init; }

    public DateTimeOffset LastUpdated { get; init; }

    public bool IsFirstRun => Last == DateTimeOffset.MinValue;
}
