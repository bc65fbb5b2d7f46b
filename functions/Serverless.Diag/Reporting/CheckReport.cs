using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Reporting;

/// <summary>One check in one environment, as reports and incidents see it.</summary>
public sealed record CheckReport
{
    public required string Name { get; init; }

    public required string Type { get; init; }

    public required string Environment { get; init; }

    public required CheckStatus Status { get; init; }

    public required Severity Severity { get; init; }

    public double DurationMs { get; init; }

    public int Attempts { get; init; }

    public IReadOnlyDictionary<string, object?> Measurements { get; init; } = System.Collections.Frozen.FrozenDictionary<string, object?>.Empty;

    public IReadOnlyList<AssertionResult> Assertions { get; init; } = [];

    public ProbeError? Error { get; init; }

    public IReadOnlyList<Evidence> Evidence { get; init; } = [];

    public IReadOnlyList<string> Hints { get; init; } = [];

    /// <summary>Degradations the probe reported besides the assertions (they make a passing check warn).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Why it was skipped (a failed dependency, load not allowed...).</summary>
    public string? SkipReason { get; init; }

    /// <summary>The dependency whose failure skipped this check; its incident lists this one.</summary>
    public string? SkippedBecauseOf { get; init; }

    public string? Description { get; init; }

    /// <summary>Failing, but fewer consecutive runs than its <c>failure_threshold</c>: its incident waits.</summary>
    public Incidents.ThresholdProgress? Pending { get; init; }

    /// <summary>Inside a maintenance window or silence: the real status stands, the incident stays quiet.</summary>
    public SilenceMark? Silenced { get; init; }

    /// <summary>
    /// The check's runs before this one, oldest first, from the state store (failing checks only): the incident shows
    /// them, so its reader sees whether the failure is new. Empty without a store.
    /// </summary>
    public IReadOnlyList<State.HistoryEntry> RecentRuns { get; init; } = [];

    /// <summary>The failing check whose <c>on_failure</c> ran this one (it runs only as a follow-up).</summary>
    public string? FollowUpOf { get; init; }

    /// <summary>The checks of its <c>on_failure</c> that ran in this run after it failed: "what was checked next".</summary>
    public IReadOnlyList<string> FollowUps { get; init; } = [];

    /// <summary>What the cause rules concluded; set on failing checks only.</summary>
    public Diagnosis.CheckDiagnosis? Diagnosis { get; init; }

    /// <summary>Failing since soon after a recorded deployment: "first failed 12 minutes after deploy abc1234 (PR #42)".</summary>
    public State.Deployments.DeployLink? AfterDeploy { get; init; }

    /// <summary>
    /// Measurements forecast to reach their limit within the <c>trend:</c> horizon: the check's P3 "degrading" incident.
    /// Empty: forecast, nothing degrading (the incident may close); null: no forecast was made (no <c>trend:</c>, no history).
    /// </summary>
    public IReadOnlyList<Trends.TrendForecast>? Degrading { get; init; }

    /// <summary>The baselines its assertions compared with (empty when none does): a later gate may take them as its own (<c>--baseline</c>).</summary>
    public IReadOnlyList<BaselineFigure> Baselines { get; init; } = [];

    /// <summary>The trace context the check's requests carried (null when not traced): telemetry correlates with it.</summary>
    public TraceContext? Trace { get; init; }

    /// <summary>The first failing assertion of the worst level, or the error, in one line.</summary>
    public string? Headline =>
        Error is not null ? $"{Error.Cause}: {Error.Message}"
        : Assertions.FirstOrDefault(a => !a.Passed && a.Level == AssertionLevel.Fail) is { } f ? Describe(f)
        : Assertions.FirstOrDefault(a => !a.Passed) is { } w ? Describe(w)
        : Warnings.Count > 0 ? Warnings[0]
        : SkipReason;

    private static string Describe(AssertionResult a) => a.Actual is null
        ? $"{a.Expression} failed ({a.Message ?? "not measured"})"
        : $"{a.Expression} failed (actual {a.Actual})";
}
