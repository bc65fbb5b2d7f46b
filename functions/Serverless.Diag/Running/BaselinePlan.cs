using Serverless.Diag.Assertions;

namespace Serverless.Diag.Running;

/// <summary>Gives each planned check that compares with its own history the baselines it compares with.</summary>
public static class BaselinePlan
{
    /// <summary>The measurements a check's assertions compare with their baseline (empty for most checks).</summary>
    public static IReadOnlyList<string> PathsOf(PlannedCheck check) =>
        [.. check.Assertions.SelectMany(a => a.Comparisons).Where(c => c.Expected is BaselineValue).Select(c => c.Path).Distinct(StringComparer.Ordinal)];

    /// <param name="source">The baselines of a check, given the measurements it needs; null leaves it without (not evaluated, saying why).</param>
    public static RunPlan Attach(RunPlan plan, Func<PlannedCheck, IReadOnlyList<string>, CheckBaselines?> source) => plan with
    {
        Environments = [.. plan.Environments.Select(environment => environment with
        {
            Checks = [.. environment.Checks.Select(check => PathsOf(check) is { Count: > 0 } paths && source(check, paths) is { } baselines
                ? check with { Baselines = baselines }
                : check)],
        })],
    };
}
