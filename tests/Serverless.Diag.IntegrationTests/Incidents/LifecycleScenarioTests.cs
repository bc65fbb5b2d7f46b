using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.TestKit.GitHub;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed class LifecycleScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_new_failure_opens_one_issue_with_title_labels_marker_and_state()
    {
        await using var h = await IncidentHarness.StartAsync(output);

        var summary = await h.RunAsync(Failing("database"));

        var issue = Assert.Single(h.GitHub.OpenIssues);
        Assert.Equal(1, summary.Opened);
        Assert.Equal("[P1][staging] database: connections.ratio < 80% failed (actual 93%)", issue.Title);
        Assert.Equal(["incident", "synthetic-check", "severity:P1", "env:staging"], issue.Labels);
        Assert.StartsWith("<!-- serverless-diag:fingerprint staging/database -->", issue.Body);
        foreach (var section in new[] { "### Environment", "### Issue Description", "### Steps to Reproduce", "### Expected Result", "### Actual Result", "### Logs", "### Additional Context", "**Timeline:**", "**Impact:**", "**Next Steps:**", "**Status:** INVESTIGATING" })
        {
            Assert.Contains(section, issue.Body);
        }

        Assert.Contains("serverless-diag run --config diag.yaml --env staging --check database", issue.Body);
        Assert.Contains("actual: 93%", issue.Body);
        Assert.Contains("idle in transaction 3", issue.Body);
        Assert.Contains("pool_size/max_overflow", issue.Body);
        Assert.Contains("<!-- serverless-diag:state {", issue.Body);
        h.Counts("fail -> issue");
    }

    [Fact]
    public async Task Failing_ten_times_keeps_one_issue_without_comment_spam_and_without_writes()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        await h.RunAsync(Failing("database"));
        h.Counts("first failure");

        for (var run = 0; run < 10; run++)
        {
            var summary = await h.RunAsync(Failing("database"));
            Assert.Equal(0, summary.Opened + summary.Updated + summary.Commented);
        }

        var counts = h.Counts("fail x10 (after the first)");
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Empty(issue.Comments);
        Assert.Equal(0, counts.Writes);
        Assert.Equal(10, counts.Lists);
    }

    [Fact]
    public async Task The_state_is_refreshed_hourly_and_counts_every_failing_run()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        await h.RunAsync(Failing("database"));
        for (var run = 0; run < 12; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        // 12 more runs of 5 minutes: the hourly refresh wrote the state once, counting all 13 failing runs.
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains("| 13 | 0 | P1 |", issue.Body);
        Assert.Empty(issue.Comments);
        h.Counts("hourly state refresh");
    }

    [Fact]
    public async Task Another_assertion_failing_adds_exactly_one_comment()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database", failed: [("connections.ratio < 80%", "94%"), ("blocked.count == 0", "3")]));
        await h.RunAsync(Failing("database", failed: [("connections.ratio < 80%", "95%"), ("blocked.count == 0", "4")]));

        var issue = Assert.Single(h.GitHub.Issues);
        var comment = Assert.Single(issue.Comments);
        Assert.Contains("Now also failing", comment.Body);
        Assert.Contains("blocked.count == 0  actual: 3", comment.Body);
        Assert.Contains("Now also failing: blocked.count == 0", issue.Body);
        h.Counts("new assertion fails");
    }

    [Fact]
    public async Task Escalation_after_escalate_after_raises_the_severity_label_once_and_says_so()
    {
        var settings = new GitHubSettings { Labels = ["incident"], EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P2] = TimeSpan.FromMinutes(30) } };
        await using var h = await IncidentHarness.StartAsync(output, settings);
        for (var run = 0; run < 9; run++)
        {
            await h.RunAsync(Failing("database", severity: Severity.P2));
        }

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains("severity:P1", issue.Labels);
        Assert.DoesNotContain("severity:P2", issue.Labels);
        Assert.StartsWith("[P1][staging] database", issue.Title);
        var comment = Assert.Single(issue.Comments);
        Assert.Contains("Escalated P2 → P1", comment.Body);
        h.Counts("escalation (9 runs)");
    }

    [Fact]
    public async Task A_check_level_escalate_after_wins_over_the_severity_default()
    {
        var config = new ConfigLoader(new Serverless.Diag.Probes.ProbeRegistry(Serverless.Diag.Probes.BuiltInProbes.Create()).Add(new GitHubSection())).Parse(
            "version: 1\nchecks:\n  - name: api\n    type: http\n    escalate_after: 5m\n", "diag.yaml");
        var settings = GitHubSettings.Of(config) with { Labels = ["incident"], EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P1] = TimeSpan.FromHours(5) } };
        await using var h = await IncidentHarness.StartAsync(output, settings, config);
        await h.RunAsync(Failing("api"));
        await h.RunAsync(Failing("api"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains("severity:P0", issue.Labels);
        Assert.Contains("Escalated P1 → P0", Assert.Single(issue.Comments).Body);
    }

    [Fact]
    public async Task Recovery_after_close_after_passes_comments_the_outage_duration_and_closes_as_completed()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 3 });
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));
        h.Counts("failing");
        await h.RunAsync(Passing("database"));
        await h.RunAsync(Passing("database"));
        Assert.Single(h.GitHub.OpenIssues);
        Assert.Contains("**Status:** MONITORING", h.GitHub.Issues[0].Body);
        await h.RunAsync(Passing("database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Equal("closed", issue.State);
        Assert.Equal("completed", issue.StateReason);
        var comment = Assert.Single(issue.Comments);
        // First failure 09:05, first pass 09:15: ten minutes of outage.
        Assert.Contains("Outage duration: **10m 0s**", comment.Body);
        Assert.Contains("**Status:** RESOLVED", issue.Body);
        Assert.Contains("idle in transaction 3", issue.Body);
        h.Counts("pass x close_after");
    }

    [Fact]
    public async Task A_failure_between_passes_resets_the_count()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 2 });
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Passing("database"));
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Passing("database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.True(issue.IsOpen);
        Assert.Empty(issue.Comments);
        Assert.Contains("Failing again after 1 passing run(s)", issue.Body);
    }

    [Fact]
    public async Task A_flap_within_reopen_within_reopens_the_closed_issue_instead_of_opening_another()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1, ReopenWithin = TimeSpan.FromHours(1) });
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Passing("database"));
        Assert.Empty(h.GitHub.OpenIssues);
        h.Counts("fail, recover");

        var summary = await h.RunAsync(Failing("database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Equal(1, summary.Reopened);
        Assert.True(issue.IsOpen);
        Assert.Equal("reopened", issue.StateReason);
        Assert.Contains("Failing again", issue.Comments[^1].Body);
        h.Counts("flap -> reopened");
    }

    [Fact]
    public async Task A_failure_after_reopen_within_opens_a_new_issue()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1, ReopenWithin = TimeSpan.FromHours(1) });
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Passing("database"));
        h.Clock.Advance(TimeSpan.FromHours(2));
        await h.RunAsync(Failing("database"));

        Assert.Equal(2, h.GitHub.Issues.Count);
        Assert.Single(h.GitHub.OpenIssues);
    }

    [Fact]
    public async Task A_reminder_is_commented_once_per_remind_every()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], RemindEvery = TimeSpan.FromHours(1) });
        for (var run = 0; run < 25; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        // Two hours of failing at one reminder per hour.
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Equal(2, issue.Comments.Count);
        Assert.All(issue.Comments, c => Assert.Contains("Still failing", c.Body));
        h.Counts("reminders over 2 h");
    }

    [Fact]
    public async Task A_restarted_process_finds_the_issue_again_through_the_marker()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        await h.RunAsync(Failing("database"));
        h.Sink = h.NewSink();
        await h.RunAsync(Failing("database"));

        Assert.Single(h.GitHub.Issues);
    }

    [Fact]
    public async Task Checks_skipped_because_of_a_dependency_are_listed_in_its_issue_and_file_nothing()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        await h.RunAsync(Failing("api-health"), Skipped("database", "api-health"), Skipped("orders", "database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains("Skipped because this check failed", issue.Body);
        Assert.Contains("`database`", issue.Body);
        Assert.Contains("`orders`", issue.Body);
    }

    [Fact]
    public async Task More_failures_than_the_storm_threshold_file_one_environment_level_incident()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], StormThreshold = 10 });
        var checks = Enumerable.Range(1, 14).Select(i => Failing($"check-{i:00}", severity: i == 7 ? Severity.P0 : Severity.P2)).ToArray();

        await h.RunAsync([.. checks, Failing("elsewhere", environment: "production")]);

        Assert.Equal(2, h.GitHub.Issues.Count);
        var storm = h.GitHub.Issues.Single(i => i.Body!.StartsWith("<!-- serverless-diag:fingerprint staging/* -->", StringComparison.Ordinal));
        Assert.Equal("[P0][staging] alert storm: 14 checks failing", storm.Title);
        Assert.Contains("check-14", storm.Body);
        Assert.Contains(h.GitHub.Issues, i => i.Title.StartsWith("[P1][production] elsewhere", StringComparison.Ordinal));
        h.Counts("alert storm");

        await h.RunAsync(checks);
        Assert.Equal(2, h.GitHub.Issues.Count);
    }

    [Fact]
    public async Task An_alert_storm_that_ends_is_closed_and_checks_still_failing_get_their_own_issues()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], StormThreshold = 3, CloseAfter = 1 });
        await h.RunAsync([.. Enumerable.Range(0, 5).Select(i => Failing($"c{i}"))]);
        Assert.Single(h.GitHub.OpenIssues);

        await h.RunAsync(Failing("c0"), Passing("c1"), Passing("c2"), Passing("c3"), Passing("c4"));

        var storm = h.GitHub.Issues.Single(i => i.Title.Contains("alert storm", StringComparison.Ordinal));
        Assert.False(storm.IsOpen);
        Assert.Contains("Recovered", storm.Comments[^1].Body, StringComparison.Ordinal);
        Assert.StartsWith("[P1][staging] c0:", Assert.Single(h.GitHub.OpenIssues).Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checks_not_in_the_run_leave_their_issues_alone()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1 });
        await h.RunAsync(Failing("database"), Failing("cache", environment: "production"));
        h.Counts("setup");

        await h.RunAsync(Passing("database"));

        Assert.Single(h.GitHub.OpenIssues);
        Assert.Contains("production", h.GitHub.OpenIssues[0].Title);
    }

    [Fact]
    public async Task Issues_people_filed_with_the_same_labels_are_ignored()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1 });
        h.GitHub.AddIssue("Database slow, please look", "Hand-written, no marker.", ["incident"]);

        await h.RunAsync(Failing("database"));
        await h.RunAsync(Passing("database"));

        Assert.True(h.GitHub.Issue(1)!.IsOpen);
        Assert.Empty(h.GitHub.CommentsOn(1));
        Assert.False(h.GitHub.Issue(2)!.IsOpen);
    }
}
