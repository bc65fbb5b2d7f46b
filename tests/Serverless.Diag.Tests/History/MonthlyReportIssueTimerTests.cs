using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Hosting.Scheduling;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.Tests.Functions;

namespace Serverless.Diag.Tests.History;

/// <summary>
/// <c>report.issue: monthly</c> through the scheduled run that the Functions timer and <c>serve</c> share, against the
/// GitHub-compatible test server: one report issue per month, edited in place, the past month's finished and closed.
/// </summary>
public sealed class MonthlyReportIssueTimerTests : IDisposable
{
    private const string Config = """
        version: 1
        report:
          issue: monthly
        environments:
          staging: {}
        checks:
          - name: stub-check
            type: stub
        """;

    private readonly string _state = Directory.CreateTempSubdirectory("diag-report-issue-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task Runs_through_a_month_keep_one_issue_edited_in_place_and_the_next_month_gets_its_own()
    {
        // Mid-month on the real calendar: the directory store dates its rows by the file system's clock.
        var now = TimeProvider.System.GetUtcNow();
        var time = new FakeTimeProvider(now);
        await using var github = await FakeGitHubServer.StartAsync();
        var env = new Dictionary<string, string?>
        {
            ["DIAG_STATE"] = _state,
            ["GITHUB_TOKEN"] = "ghs_report_token_123",
            ["GITHUB_REPOSITORY"] = github.Repository,
            ["GITHUB_API_URL"] = github.BaseUrl,

            // serve's own scheduler must not fire while the fake clock jumps to the next month (the default, once a
            // year on 1 January, would in December): on the 15th of next month, after the jump and within the 49 days a
            // single timer wait can span. These runs are the test's.
            ["DIAG_SCHEDULE"] = $"0 0 0 15 {(now.Month % 12) + 1} *",
        };
        await using var handler = await InProcessHandler.StartAsync(Config, env, time: time);
        var runner = handler.App.Runner;
        var trigger = new ScheduleTrigger(false, null, null);

        var first = await runner.RunAsync(trigger, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        var second = await runner.RunAsync(trigger, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await runner.RunAsync(trigger, CancellationToken.None);

        var month = now.UtcDateTime.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var issue = Assert.Single(github.Issues, i => !i.IsPullRequest);
        Assert.Equal($"Availability report: {month}", issue.Title);
        Assert.Contains("availability-report", issue.Labels);
        Assert.StartsWith($"<!-- serverless-diag:availability-report {now.UtcDateTime:yyyy-MM} -->", issue.Body, StringComparison.Ordinal);
        Assert.Contains("## staging: ", issue.Body, StringComparison.Ordinal);
        Assert.Contains("| stub-check | 100% |", issue.Body, StringComparison.Ordinal);
        Assert.Contains($"availability report issue #{issue.Number} created", first, StringComparison.Ordinal);
        Assert.Contains($"availability report issue #{issue.Number} updated", second, StringComparison.Ordinal);
        Assert.Single(github.Requests, r => r.Method == "POST" && r.Path.EndsWith("/issues", StringComparison.Ordinal));
        Assert.DoesNotContain("ghs_report_token_123", issue.Body, StringComparison.Ordinal);

        // The first run of the next month finishes the month's issue (the whole month, closed) and opens the new one.
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        time.Advance(nextMonth.AddMinutes(10) - time.GetUtcNow());
        var rollover = await runner.RunAsync(trigger, CancellationToken.None);

        var finished = github.Issue(issue.Number)!;
        Assert.False(finished.IsOpen, rollover);
        Assert.Equal($"Availability report: {month}", finished.Title);
        Assert.Contains($"# Availability report: {month}\n", finished.Body, StringComparison.Ordinal);
        var current = Assert.Single(github.OpenIssues);
        Assert.Equal($"Availability report: {nextMonth:MMMM yyyy}", current.Title);
    }

    [Fact]
    public async Task Without_a_state_store_the_run_goes_on_and_says_the_report_needs_one()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var env = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "t", ["GITHUB_REPOSITORY"] = github.Repository, ["GITHUB_API_URL"] = github.BaseUrl };
        await using var handler = await InProcessHandler.StartAsync(Config, env);

        var summary = await handler.App.Runner.RunAsync(new ScheduleTrigger(false, null, null), CancellationToken.None);

        Assert.StartsWith("pass:", summary, StringComparison.Ordinal);
        Assert.Contains("no state store", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(github.Issues, i => i.Labels.Contains("availability-report"));
    }
}
