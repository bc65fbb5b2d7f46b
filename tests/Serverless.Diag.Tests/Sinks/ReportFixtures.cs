using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.Sinks;

internal static class ReportFixtures
{
    public static RunReport Failing(string bodyText = "Traceback: QueuePool limit reached") => new()
    {
        Version = "0.1.0",
        StartedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        DurationMs = 1234.5,
        Status = RunStatus.Fail,
        Environments =
        [
            new EnvironmentReport("staging", RunStatus.Fail,
            [
                new CheckReport
                {
                    Name = "api-health", Type = "http", Environment = "staging", Status = CheckStatus.Pass, Severity = Severity.P0, DurationMs = 12.5,
                    Measurements = new Dictionary<string, object?> { ["status"] = 200d, ["latency"] = 12.5 },
                    Assertions = [new AssertionResult("status == 200", true, "200", AssertionLevel.Fail)],
                },
                new CheckReport
                {
                    Name = "orders", Type = "http", Environment = "staging", Status = CheckStatus.Fail, Severity = Severity.P1, DurationMs = 40,
                    Measurements = new Dictionary<string, object?> { ["status"] = 500d },
                    Assertions = [new AssertionResult("status == 200", false, "500", AssertionLevel.Fail, "status 500 is not == 200")],
                    Evidence = [new Evidence("Response body (first 2 KB)", bodyText)],
                    Hints = ["Check the service logs for the stack trace."],
                },
                new CheckReport
                {
                    Name = "db", Type = "postgres", Environment = "staging", Status = CheckStatus.Error, Severity = Severity.P1,
                    Error = new ProbeError(ErrorCause.Refused, "connection refused"),
                },
                new CheckReport
                {
                    Name = "queue", Type = "redis", Environment = "staging", Status = CheckStatus.Skipped, Severity = Severity.P2,
                    SkipReason = "dependency 'db' is error", SkippedBecauseOf = "db",
                },
            ]),
        ],
        Summary = new RunSummary(4, 1, 0, 1, 1, 1),
    };
}
