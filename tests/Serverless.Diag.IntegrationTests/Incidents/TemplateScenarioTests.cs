using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed class TemplateScenarioTests(ITestOutputHelper output)
{
    private const string MarkdownTemplate = """
        ---
        name: Incident
        about: Something is down
        title: "[INCIDENT] "
        labels: ops, triage
        assignees:
          - alice
        ---
        Hello on-call. Check {{check}} in {{environment}} ({{severity}}).

        Run `{{command}}` to reproduce.
        """;

    private const string IssueForm = """
        name: Incident report
        description: File an incident
        title: "[{{severity}}] {{environment}}/{{check}}"
        labels: ["incident-form"]
        body:
          - type: markdown
            attributes:
              value: Thanks for reporting!
          - type: input
            id: env
            attributes:
              label: Deployment environment
          - type: textarea
            id: what
            attributes:
              label: What happened?
          - type: textarea
            id: logs
            attributes:
              label: Relevant log output
              render: shell
          - type: dropdown
            id: severity
            attributes:
              label: Severity
              options: [P0, P1, P2, P3]
          - type: checkboxes
            id: terms
            attributes:
              label: Code of Conduct
              options:
                - label: I agree
        """;

    [Fact]
    public async Task A_markdown_template_with_front_matter_sets_title_labels_assignees_and_text()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], Template = ".github/ISSUE_TEMPLATE/incident.md" });
        h.GitHub.AddFile(".github/ISSUE_TEMPLATE/incident.md", MarkdownTemplate);

        await h.RunAsync(Failing("database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Equal("[INCIDENT] [P1][staging] database: connections.ratio < 80% failed (actual 93%)", issue.Title);
        Assert.Equal(["incident", "ops", "triage", "severity:P1", "env:staging"], issue.Labels);
        Assert.Equal(["alice"], issue.Assignees);
        Assert.Contains("Hello on-call. Check database in staging (P1).", issue.Body);
        Assert.Contains("Run `serverless-diag run --config diag.yaml --env staging --check database` to reproduce.", issue.Body);
        Assert.Contains("### Actual Result", issue.Body);
        Assert.StartsWith("<!-- serverless-diag:fingerprint staging/database -->", issue.Body);
        Assert.Contains("contents/.github/ISSUE_TEMPLATE/incident.md", string.Join('\n', h.GitHub.Requests.Select(r => r.Path)));
        h.Counts("repository template (markdown)");
    }

    [Fact]
    public async Task An_issue_form_gets_its_labelled_sections_filled()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], Template = ".github/ISSUE_TEMPLATE/incident.yml" });
        h.GitHub.AddFile(".github/ISSUE_TEMPLATE/incident.yml", IssueForm);

        await h.RunAsync(Failing("database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Equal("[P1] staging/database", issue.Title);
        Assert.Contains("incident-form", issue.Labels);
        var body = issue.Body!;
        Assert.Contains("### Deployment environment\n\n- Deployment: `staging`", body);
        Assert.Contains("### What happened?\n\n`database` is failing in `staging`", body);
        Assert.Contains("### Relevant log output\n\n#### Connections by state", body);
        Assert.Contains("### Severity\n\nP1", body);
        Assert.Contains("### Code of Conduct\n\n_No response_", body);
        Assert.DoesNotContain("Thanks for reporting!", body);
        Assert.Contains("#### Actual Result", body);
        Assert.True(body.IndexOf("### Deployment environment", StringComparison.Ordinal) < body.IndexOf("### What happened?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_template_falls_back_to_the_built_in_one_and_is_not_fetched_every_run()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], Template = ".github/ISSUE_TEMPLATE/missing.md" });

        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("cache"));

        Assert.Equal(2, h.GitHub.Issues.Count);
        Assert.All(h.GitHub.Issues, i => Assert.Contains("### Issue Description", i.Body));
        Assert.Equal(1, h.GitHub.Requests.Count(r => r.Path.Contains("/contents/", StringComparison.Ordinal)));
        h.Counts("template missing -> built-in");
    }

    [Fact]
    public async Task An_invalid_template_falls_back_to_the_built_in_one()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], Template = "broken.yml" });
        h.GitHub.AddFile("broken.yml", "name: [unclosed\nbody: {");

        await h.RunAsync(Failing("database"));

        Assert.Contains("### Issue Description", Assert.Single(h.GitHub.Issues).Body);
    }

    [Fact]
    public async Task Assignees_GitHub_refuses_do_not_stop_the_issue()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], Template = "t.md" });
        h.GitHub.AddFile("t.md", MarkdownTemplate);
        h.GitHub.InjectFault(TestKit.GitHub.GitHubFault.Unprocessable(), r => r.IsCreateIssue);

        var summary = await h.RunAsync(Failing("database"));

        Assert.Equal(1, summary.Opened);
        Assert.Empty(Assert.Single(h.GitHub.Issues).Assignees);
    }
}
