using Serverless.Diag.Incidents;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Diagnosis;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.Reporting;
using static Serverless.Diag.Tests.Diagnosis.Reports;

namespace Serverless.Diag.Tests.Incidents;

/// <summary>The probable cause in the incident: its title, its body, one incident for a root cause and its symptoms.</summary>
public sealed class DiagnosisIncidentTests
{
    private const string PoolBody = "Traceback (most recent call last):\nsqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 30.00";

    private static RunReport Run(params CheckReport[] checks)
    {
        var report = new RunReport
        {
            Version = "0.1.0",
            StartedAt = DateTimeOffset.UnixEpoch,
            DurationMs = 1,
            Status = RunStatus.Fail,
            Environments = [new EnvironmentReport("staging", RunStatus.Fail, checks)],
            Summary = RunSummary.Of(checks),
        };
        return CauseEngine.With([]).Diagnose(report, r => new CheckFacts(r));
    }

    private static CheckReport FullDatabase(Severity severity = Severity.P2) => new()
    {
        Name = "database",
        Type = "postgres",
        Environment = "staging",
        Status = CheckStatus.Fail,
        Severity = severity,
        Measurements = new Dictionary<string, object?> { ["connections.used"] = 20d, ["connections.max"] = 20d, ["connections.ratio"] = 1d },
        Assertions = [new AssertionResult("connections.ratio < 80%", false, "100%", AssertionLevel.Fail)],
    };

    [Fact]
    public void One_matching_rule_ends_the_title_with_the_cause_and_its_key_evidence()
    {
        var run = Run(FullDatabase());
        var observations = ObservationReader.Read(run, stormThreshold: 10);

        var title = SectionRenderer.Title(Assert.Single(observations.Failing), Severity.P2, RenderingTests.Context());

        Assert.Equal("[P2][staging] database: connections.ratio < 80% failed (actual 100%) — probable cause: database connection pool exhausted (20/20 connections)", title);
    }

    [Fact]
    public void The_cause_survives_a_long_headline_and_the_body_names_evidence_source_and_steps()
    {
        var api = Http("orders-api", 500, PoolBody + new string('x', 400)) with { Assertions = [new AssertionResult("body contains \"" + new string('y', 300) + "\"", false, "500", AssertionLevel.Fail)] };
        var incident = Assert.Single(ObservationReader.Read(Run(api), 10).Failing);

        var title = SectionRenderer.Title(incident, Severity.P2, RenderingTests.Context());
        var sections = SectionRenderer.Render(incident, RenderingTests.Context(), RenderBudget.Steps[0]);

        Assert.True(title.Length <= 250, title);
        Assert.EndsWith("— probable cause: database connection pool exhausted (QueuePool limit of size 20 overflow 0 reached)", title, StringComparison.Ordinal);
        Assert.Contains("**Probable cause:** database connection pool exhausted", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("`orders-api`: Response body (first 2 KB): sqlalchemy.exc.TimeoutError: QueuePool limit", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("FastAPI service guide (001)", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("pg_stat_activity", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("`lock-contention`", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("### Probable Cause", sections.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ambiguous_causes_are_listed_and_the_title_names_none()
    {
        var gateway = Http("gateway", 503, """{"detail": "circuit breaker 'payments' is open"}""");
        var incident = ObservationReader.Read(Run(gateway, Errored("payments-port", "tcp", "refused", "connection refused")), 10).Failing.Single(f => f.CheckName == "gateway");

        var title = SectionRenderer.Title(incident, Severity.P2, RenderingTests.Context());
        var sections = SectionRenderer.Render(incident, RenderingTests.Context(), RenderBudget.Steps[0]);

        Assert.DoesNotContain("probable cause", title, StringComparison.Ordinal);
        Assert.Contains("not named: 2 rules match", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("circuit breaker open", sections.ProbableCause, StringComparison.Ordinal);
        Assert.Contains("upstream service down", sections.ProbableCause, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symptom_explained_by_a_failing_dependency_joins_the_dependencys_incident()
    {
        var api = Http("orders-api", 500, PoolBody) with { Severity = Severity.P0 };
        var run = Run(api, FullDatabase(Severity.P2));

        var incident = Assert.Single(ObservationReader.Read(run, 10).Failing);
        var sections = SectionRenderer.Render(incident, RenderingTests.Context(), RenderBudget.Steps[0]);

        Assert.Equal("database", incident.CheckName);
        Assert.Equal(Severity.P0, incident.Severity);
        Assert.Equal("orders-api", Assert.Single(incident.Symptoms).Name);
        Assert.Contains("Symptoms of the same cause", sections.CheckedNext, StringComparison.Ordinal);
        Assert.Contains("`orders-api` (`http`): **fail**", sections.CheckedNext, StringComparison.Ordinal);
        Assert.Contains("QueuePool limit", sections.CheckedNext, StringComparison.Ordinal);
    }

    [Fact]
    public void A_follow_up_only_check_opens_no_issue_and_shows_under_what_was_checked_next()
    {
        var api = Http("orders-api", 500, "KeyError: 'id'") with { FollowUps = ["database"] };
        var database = FullDatabase() with { FollowUpOf = "orders-api" };

        var observations = ObservationReader.Read(Run(api, database), 10);

        var incident = Assert.Single(observations.Failing);
        Assert.Equal("orders-api", incident.CheckName);
        Assert.Equal("database", Assert.Single(incident.FollowUps).Name);
        var sections = SectionRenderer.Render(incident, RenderingTests.Context(), RenderBudget.Steps[0]);
        Assert.Contains("Run after this check failed (`on_failure`)", sections.CheckedNext, StringComparison.Ordinal);
        Assert.Contains("### What was checked next", sections.ToMarkdown(), StringComparison.Ordinal);
        Assert.DoesNotContain(observations.Passing, p => p.Contains("database", StringComparison.Ordinal));
    }
}
