using Serverless.Diag.Incidents;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Tests.Incidents;

public sealed class RenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_title_reads_like_the_product_brief()
    {
        var incident = Incident(Check("database", ("connections.ratio < 80%", "93%")));

        Assert.Equal("[P1][staging] database: connections.ratio < 80% failed (actual 93%)", SectionRenderer.Title(incident, Severity.P1, Context()));
    }

    [Fact]
    public void The_title_is_one_redacted_line_within_GitHubs_limit()
    {
        var secrets = new SecretRedactor();
        secrets.Add("topsecret99");
        var incident = Incident(Check("api", ("body contains \"ok\"", "topsecret99\n@root " + new string('x', 400))));

        var title = SectionRenderer.Title(incident, Severity.P0, Context(secrets));

        Assert.True(title.Length <= 256);
        Assert.DoesNotContain("topsecret99", title, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", title, StringComparison.Ordinal);
        Assert.DoesNotContain("@root", title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_erroring_check_shows_the_cause_and_message_fenced()
    {
        var check = new CheckReport
        {
            Name = "api", Type = "http", Environment = "staging", Status = CheckStatus.Error, Severity = Severity.P0,
            Error = new ProbeError(ErrorCause.Timeout, "no answer within 10s ```"),
        };

        var sections = SectionRenderer.Render(Incident(check), Context(), RenderBudget.Steps[0]);

        Assert.Contains("The probe could not measure (`timeout`)", sections.ActualResult, StringComparison.Ordinal);
        Assert.Contains("````text\nno answer within 10s ```\n````", sections.ActualResult, StringComparison.Ordinal);
        Assert.Equal("[P0][staging] api: timeout: no answer within 10s ```", SectionRenderer.Title(Incident(check), Severity.P0, Context()));
    }

    [Fact]
    public void The_built_in_body_has_every_section_of_the_guides_template_in_order()
    {
        var markdown = SectionRenderer.Render(Incident(Check("database", ("a < 1", "2"))), Context(), RenderBudget.Steps[0]).ToMarkdown();

        var headings = new[] { "### Environment", "### Issue Description", "### Steps to Reproduce", "### Expected Result", "### Actual Result", "### Logs", "### Additional Context" };
        var positions = headings.Select(h => markdown.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void The_composer_keeps_the_marker_first_and_the_state_last_under_the_limit()
    {
        var evidence = Enumerable.Range(0, 30).Select(i => new Evidence($"e{i}", new string('`', 10) + new string('q', 50_000))).ToList();
        var check = Check("api", ("status == 200", "500")) with { Evidence = evidence };
        var incident = Incident(check);
        var state = IncidentState.Open(Now, Severity.P1, incident.Failing, [], "Issue detected");

        var body = BodyComposer.Compose(incident.Fingerprint, b => SectionRenderer.Render(incident, Context(), b).ToMarkdown(), "STATUS", state);

        Assert.True(body.Length <= BodyComposer.MaxBody);
        Assert.Equal("staging/api", Fingerprint.Read(body));
        var read = IncidentStateBlock.Read(body);
        Assert.NotNull(read);
        Assert.Equal(state.FirstSeen, read.FirstSeen);
        Assert.Equal(state.Failing, read.Failing);
        Assert.EndsWith(" -->\n", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_the_status_keeps_the_failure_details()
    {
        var incident = Incident(Check("api", ("status == 200", "500")));
        var state = IncidentState.Open(Now, Severity.P1, incident.Failing, [], "Issue detected");
        var body = BodyComposer.Compose(incident.Fingerprint, b => "DETAILS", StatusRenderer.Render(incident.Fingerprint, state, IncidentPhase.Investigating, Now, [], Context()), state);
        var passing = state with { ConsecutivePasses = 1, PassingSince = Now };

        var updated = BodyComposer.ReplaceStatus(body, incident.Fingerprint, StatusRenderer.Render(incident.Fingerprint, passing, IncidentPhase.Monitoring, Now, [], Context()), passing);

        Assert.Contains("DETAILS", updated, StringComparison.Ordinal);
        Assert.Contains("**Status:** MONITORING", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("INVESTIGATING", updated, StringComparison.Ordinal);
        Assert.Equal(1, IncidentStateBlock.Read(updated)!.ConsecutivePasses);
    }

    [Fact]
    public void Durations_read_naturally()
    {
        Assert.Equal("4m 30s", StatusRenderer.Duration(TimeSpan.FromSeconds(270)));
        Assert.Equal("2h 5m", StatusRenderer.Duration(TimeSpan.FromMinutes(125)));
        Assert.Equal("1d 1h 0m", StatusRenderer.Duration(TimeSpan.FromHours(25)));
    }

    internal static CheckReport Check(string name, params (string Expression, string Actual)[] failed) => new()
    {
        Name = name,
        Type = "postgres",
        Environment = "staging",
        Status = CheckStatus.Fail,
        Severity = Severity.P1,
        Assertions = [.. failed.Select(f => new AssertionResult(f.Expression, false, f.Actual, AssertionLevel.Fail))],
    };

    internal static FailingIncident Incident(CheckReport check) =>
        new(IncidentFingerprint.Of(check.Environment, check.Name), check.Environment, check.Name, check, [], check.Severity, ObservationReader.FailingItems(check), MayOpen: true);

    internal static IncidentContext Context(SecretRedactor? secrets = null) => new("diag.yaml", "0.1.0", secrets ?? new SecretRedactor(), 2, 10);
}
