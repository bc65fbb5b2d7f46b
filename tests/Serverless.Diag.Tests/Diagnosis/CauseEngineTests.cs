using Serverless.Diag.Diagnosis;
using Serverless.Diag.Reporting;
using static Serverless.Diag.Tests.Diagnosis.Reports;

namespace Serverless.Diag.Tests.Diagnosis;

/// <summary>The engine's decisions that need no server: ambiguity, fallback, reasons. Each rule's real scenario is in the integration tests.</summary>
public class CauseEngineTests
{
    [Fact]
    public void A_gateway_503_while_its_follow_up_dependency_is_refused_names_the_upstream_as_root()
    {
        var gateway = Http("gateway", 503, "upstream connect error");
        var payments = Errored("payments-port", "tcp", "refused", "connection refused by payments:8443: nothing is listening there");

        var diagnosis = Diagnose(gateway, payments);

        Assert.Equal("upstream-down", diagnosis.ProbableCause?.Rule);
        Assert.Equal("payments-port", diagnosis.RootCheck);
        Assert.Contains(diagnosis.ProbableCause!.Evidence, e => e.Check == "payments-port" && e.Text.Contains("refused", StringComparison.Ordinal));
        Assert.Equal("— probable cause: upstream service down (503 while payments-port is refused)", diagnosis.TitleSuffix);
    }

    [Fact]
    public void A_503_while_every_dependency_passes_is_not_upstream_down()
    {
        var diagnosis = Diagnose(Http("gateway", 503, "maintenance"), Passing("payments-port", "tcp"));

        Assert.Null(diagnosis.ProbableCause);
        Assert.Contains(diagnosis.NotMatched, v => v.Rule == "upstream-down" && v.Reason.Contains("no dependency check errors", StringComparison.Ordinal));
    }

    [Fact]
    public void An_open_breaker_in_the_status_body_is_named_and_closed_ones_are_not()
    {
        var open = Diagnose(Http("circuit-breakers-status", 200, """{"database": {"state": "closed"}, "openai-api": {"state": "open", "failures": 12}}"""));
        var closed = Diagnose(Http("circuit-breakers-status", 500, """{"database": {"state": "closed"}, "openai-api": {"state": "half_open"}}"""));

        Assert.Equal("circuit-open", open.ProbableCause?.Rule);
        Assert.Contains("openai-api", open.ProbableCause!.KeyEvidence, StringComparison.Ordinal);
        Assert.DoesNotContain(closed.Candidates, c => c.Rule == "circuit-open");
    }

    [Fact]
    public void A_500_with_a_traceback_while_the_database_passes_is_an_application_exception_with_its_type()
    {
        var body = "Traceback (most recent call last):\n  File \"app/api/orders.py\", line 42, in total\n    return sum / count\nZeroDivisionError: division by zero";
        var diagnosis = Diagnose(Http("orders-api", 500, body), Passing("database", "postgres"));

        Assert.Equal("application exception (ZeroDivisionError)", diagnosis.ProbableCause?.Cause);
        Assert.Contains(diagnosis.ProbableCause!.Evidence, e => e.Text.Contains("ZeroDivisionError: division by zero", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_is_not_named_without_a_database_check_to_rule_the_database_out()
    {
        var diagnosis = Diagnose(Http("orders-api", 500, "KeyError: 'user_id'"));

        Assert.Null(diagnosis.ProbableCause);
        Assert.Contains(diagnosis.NotMatched, v => v.Rule == "application-exception" && v.Reason.Contains("no database check", StringComparison.Ordinal));
    }

    [Fact]
    public void The_exception_fallback_yields_to_a_specific_cause()
    {
        var body = "sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 30.00";
        var diagnosis = Diagnose(Http("orders-api", 500, body), Passing("database", "postgres"));

        Assert.Equal("pool-exhaustion", diagnosis.ProbableCause?.Rule);
        Assert.Contains(diagnosis.NotMatched, v => v.Rule == "application-exception" && v.Reason.Contains("more specific", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_matching_rules_name_no_cause_and_list_both()
    {
        // A 503 whose body reports an open breaker, while the dependency behind it is refused: both explain it.
        var gateway = Http("gateway", 503, """{"detail": "circuit breaker 'payments' is open"}""");
        var diagnosis = Diagnose(gateway, Errored("payments-port", "tcp", "refused", "connection refused"));

        Assert.True(diagnosis.IsAmbiguous);
        Assert.Null(diagnosis.ProbableCause);
        Assert.Null(diagnosis.TitleSuffix);
        Assert.Equal(["circuit-open", "upstream-down"], diagnosis.Candidates.Select(c => c.Rule).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_rule_not_matching_says_why()
    {
        var diagnosis = Diagnose(Http("orders-api", 404, "not found"));

        Assert.Empty(diagnosis.Candidates);
        Assert.Equal(CauseLibrary.BuiltIn.Select(r => r.Id).Order(StringComparer.Ordinal), diagnosis.NotMatched.Select(v => v.Rule).Order(StringComparer.Ordinal));
        Assert.All(diagnosis.NotMatched, v => Assert.False(string.IsNullOrWhiteSpace(v.Reason)));
    }

    [Fact]
    public void A_run_gets_a_diagnosis_on_failing_checks_only()
    {
        var report = new RunReport
        {
            Version = "0.1.0",
            StartedAt = DateTimeOffset.UnixEpoch,
            DurationMs = 1,
            Status = RunStatus.Fail,
            Environments = [new EnvironmentReport("staging", RunStatus.Fail, [Http("gateway", 503), Passing("payments-port", "tcp")])],
            Summary = new RunSummary(2, 1, 0, 1, 0, 0),
        };

        var diagnosed = CauseEngine.With([]).Diagnose(report, r => new CheckFacts(r));

        Assert.NotNull(diagnosed.AllChecks.Single(c => c.Name == "gateway").Diagnosis);
        Assert.Null(diagnosed.AllChecks.Single(c => c.Name == "payments-port").Diagnosis);
    }

    [Fact]
    public void Every_built_in_rule_names_its_guide_section_and_next_steps()
    {
        Assert.Equal(10, CauseLibrary.BuiltIn.Count);
        Assert.Equal(CauseLibrary.BuiltIn.Count, CauseLibrary.BuiltIn.Select(r => r.Id).Distinct().Count());
        Assert.All(CauseLibrary.BuiltIn, r =>
        {
            Assert.Matches(@"guide \(00[0-4]\), "".+""", r.Source);
            Assert.NotEmpty(r.NextSteps);
        });
    }
}
