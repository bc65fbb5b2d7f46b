namespace Serverless.Diag.Configuration;

/// <summary>Check settings the engine handles for every type; everything else belongs to the probe.</summary>
public static class CommonCheckKeys
{
    public const string Name = "name";
    public const string Type = "type";
    public const string Description = "description";
    public const string Severity = "severity";
    public const string Timeout = "timeout";
    public const string Retries = "retries";
    public const string RetryDelay = "retry_delay";
    public const string DependsOn = "depends_on";
    public const string Environments = "environments";
    public const string Tags = "tags";
    public const string Expect = "expect";
    public const string Hints = "hints";
    public const string OnFailure = "on_failure";
    public const string Schedule = "schedule";
    public const string Trace = "trace";
    public const string FailureThreshold = "failure_threshold";
    public const string SuccessThreshold = "success_threshold";
    public const string Interval = "interval";
    public const string IntervalWhenFailing = "interval_when_failing";
    public const string Baseline = "baseline";
    public const string Trend = "trend";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Name, Type, Description, Severity, Timeout, Retries, RetryDelay, DependsOn, Environments, Tags, Expect, Hints, OnFailure, Schedule, Trace,
        FailureThreshold, SuccessThreshold, Interval, IntervalWhenFailing, Baseline, Trend,
    };

    /// <summary>Common keys that <c>defaults:</c> may set.</summary>
    public static IReadOnlySet<string> Defaultable { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Severity, Timeout, Retries, RetryDelay, Tags, Environments, Trace,
        FailureThreshold, SuccessThreshold, Interval, IntervalWhenFailing, Baseline, Trend,
    };
}
