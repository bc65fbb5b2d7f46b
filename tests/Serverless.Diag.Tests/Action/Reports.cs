using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.Action;

/// <summary>Hand-made run reports for the Actions writers.</summary>
internal static class Reports
{
    public static CheckReport Check(string name, CheckStatus status, string environment = "staging", string? actual = "503", ProbeError? error = null) => new()
    {
        Name = name,
        Type = "http",
        Environment = environment,
        Status = status,
        Severity = Severity.P1,
        DurationMs = 12,
        Error = error,
        Assertions = status switch
        {
            CheckStatus.Fail => [new AssertionResult("status == 200", false, actual, AssertionLevel.Fail), new AssertionResult("latency < 2s", true, "12", AssertionLevel.Fail)],
            CheckStatus.Warn => [new AssertionResult("status == 200", true, "200", AssertionLevel.Fail), new AssertionResult("latency < 500ms", false, "812ms", AssertionLevel.Warn)],
            _ => [],
        },
    };

    public static RunReport Run(params CheckReport[] checks)
    {
        var environments = checks.GroupBy(c => c.Environment)
            .Select(g => new EnvironmentReport(g.Key, StatusRules.Combine(g.Select(c => c.Status)), [.. g]))
            .ToList();
        return new RunReport
        {
            Version = "0.1.0",
            StartedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
            DurationMs = 100,
            Status = StatusRules.Combine(checks.Select(c => c.Status)),
            Environments = environments,
            Summary = RunSummary.Of(checks),
        };
    }
}
