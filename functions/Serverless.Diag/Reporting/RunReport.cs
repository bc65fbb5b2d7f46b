namespace Serverless.Diag.Reporting;

/// <summary>The result of one run, already redacted. Serialised as the JSON report (README, "JSON report").</summary>
public sealed record RunReport
{
    public int SchemaVersion { get; init; } = 1;

    public string Tool { get; init; } = "serverless-diag";

    public required string Version { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationMs { get; init; }

    public required RunStatus Status { get; init; }

    public required IReadOnlyList<EnvironmentReport> Environments { get; init; }

    public required RunSummary Summary { get; init; }

    /// <summary>What the state store did for this run; null when no store is configured.</summary>
    public StateReport? State { get; init; }

    public IEnumerable<CheckReport> AllChecks => Environments.SelectMany(e => e.Checks);
}

public sealed record EnvironmentReport(string Name, RunStatus Status, IReadOnlyList<CheckReport> Checks);

public sealed record RunSummary(int Total, int Pass, int Warn, int Fail, int Error, int Skipped)
{
    public static RunSummary Of(IEnumerable<CheckReport> checks)
    {
        var list = checks.ToList();
        return new RunSummary(
            list.Count,
            list.Count(c => c.Status == CheckStatus.Pass),
            list.Count(c => c.Status == CheckStatus.Warn),
            list.Count(c => c.Status == CheckStatus.Fail),
            list.Count(c => c.Status == CheckStatus.Error),
            list.Count(c => c.Status == CheckStatus.Skipped));
    }
}
