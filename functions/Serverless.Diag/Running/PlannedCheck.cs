using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Running;

/// <summary>A check made concrete for one environment: interpolated, its probe built, its assertions parsed.</summary>
/// <param name="SkipReason">Set when the check is in the plan only to be reported as skipped.</param>
/// <param name="FollowUpOnly">Runs only when a check naming it in <c>on_failure</c> fails or errors (<c>schedule: on_failure</c>, or not selected by --check/--tag).</param>
public sealed record PlannedCheck(
    CheckDefinition Definition,
    EnvironmentDefinition Environment,
    IProbe? Probe,
    IReadOnlyList<Assertion> Assertions,
    IReadOnlyList<string> DependsOn,
    string? SkipReason = null,
    bool FollowUpOnly = false)
{
    /// <summary>What <c>baseline</c> in its assertions stands for; null: no history (those assertions are not evaluated).</summary>
    public CheckBaselines? Baselines { get; init; }
}

public sealed record EnvironmentPlan(EnvironmentDefinition Environment, IReadOnlyList<PlannedCheck> Checks);
