using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.IntegrationTests.Incidents;

/// <summary>Run reports built directly, as the runner would hand them to the incident sink.</summary>
internal static class Reports
{
    public static CheckReport Failing(string name, string environment = "staging", Severity severity = Severity.P1, params (string Expression, string Actual)[] failed)
    {
        if (failed.Length == 0)
        {
            failed = [("connections.ratio < 80%", "93%")];
        }

        return new CheckReport
        {
            Name = name,
            Type = "postgres",
            Environment = environment,
            Status = CheckStatus.Fail,
            Severity = severity,
            Assertions = [.. failed.Select(f => new AssertionResult(f.Expression, false, f.Actual, AssertionLevel.Fail)), new AssertionResult("blocked.count == 0", true, "0", AssertionLevel.Fail)],
            Evidence = [new Evidence("Connections by state", "active 90\nidle in transaction 3", "text")],
            Hints = ["Pool exhaustion: look at idle-in-transaction sessions, pool_size/max_overflow, a pooler."],
        };
    }

    public static CheckReport Erroring(string name, string message, string environment = "staging", Severity severity = Severity.P1) => new()
    {
        Name = name,
        Type = "http",
        Environment = environment,
        Status = CheckStatus.Error,
        Severity = severity,
        Error = new ProbeError(ErrorCause.Refused, message),
    };

    public static CheckReport Passing(string name, string environment = "staging", Severity severity = Severity.P1) => new()
    {
        Name = name,
        Type = "postgres",
        Environment = environment,
        Status = CheckStatus.Pass,
        Severity = severity,
        Assertions = [new AssertionResult("connections.ratio < 80%", true, "40%", AssertionLevel.Fail)],
    };

    public static CheckReport Skipped(string name, string because, string environment = "staging") => new()
    {
        Name = name,
        Type = "http",
        Environment = environment,
        Status = CheckStatus.Skipped,
        Severity = Severity.P2,
        SkipReason = $"dependency '{because}' failed",
        SkippedBecauseOf = because,
        DependsOn = [because],
    };

    public static RunReport Run(DateTimeOffset startedAt, params CheckReport[] checks) => new()
    {
        Version = "0.1.0",
        StartedAt = startedAt,
        DurationMs = 10,
        Status = StatusRules.Combine(checks.Select(c => c.Status)),
        Environments = [.. checks.GroupBy(c => c.Environment).Select(g => new EnvironmentReport(g.Key, StatusRules.Combine(g.Select(c => c.Status)), [.. g]))],
        Summary = RunSummary.Of(checks),
    };
}
