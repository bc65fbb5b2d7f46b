using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.TestKit.GitHub;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed class FaultScenarioTests(ITestOutputHelper output)
{
    public static TheoryData<string, bool> CreateFaults => new()
    {
        { "500", true },
        { "502", true },
        { "429 Retry-After 7s", true },
        { "403 rate limit, reset in 30s", true },
        { "403 rate limit, reset in 10min", false },
        { "403 secondary, no Retry-After", true },
        { "403 secondary, Retry-After 3s", true },
        { "422", false },
        { "dropped connection", false },
        { "dropped after apply", false },
        { "slow answer", false },
    };

    [Theory]
    [MemberData(nameof(CreateFaults))]
    public async Task A_fault_while_creating_never_duplicates_and_the_incident_is_filed_by_a_later_run(string fault, bool filedAtOnce)
    {
        // Only the slow answer needs a short client timeout; under a loaded CI machine 1 s is too tight for the rest.
        var timeout = TimeSpan.FromSeconds(fault == "slow answer" ? 1 : 15);
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] }, options: new GitHubCallOptions { RequestTimeout = timeout });
        h.GitHub.InjectFault(Fault(fault), r => r.IsCreateIssue);

        var first = await h.RunAsync(Failing("database"));
        h.Counts($"fault on create: {fault}");
        Assert.Equal(filedAtOnce ? 1 : 0, first.Opened);
        Assert.Equal(filedAtOnce, first.Problems.Count == 0);

        // A slow answer's work lands on the server after the client gave up; the next run must then see it.
        await h.GitHub.WhenIdleAsync();
        if (fault == "403 rate limit, reset in 10min")
        {
            h.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));

        var issue = Assert.Single(h.GitHub.Issues);
        Assert.True(issue.IsOpen);
        Assert.StartsWith("<!-- serverless-diag:fingerprint staging/database -->", issue.Body);
        h.Counts($"later runs after: {fault}");
    }

    [Fact]
    public async Task A_slow_create_that_lands_after_the_next_run_filed_again_is_closed_as_a_duplicate()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] }, options: new GitHubCallOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
        h.GitHub.InjectFault(GitHubFault.Slow(TimeSpan.FromSeconds(4)), r => r.IsCreateIssue);

        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));
        await h.GitHub.WhenIdleAsync();
        Assert.Equal(2, h.GitHub.OpenIssues.Count);
        await h.RunAsync(Failing("database"));

        Assert.Single(h.GitHub.OpenIssues);
        Assert.Equal("duplicate", h.GitHub.Issues.Single(i => !i.IsOpen).StateReason);
        h.Counts("slow create landing late");
    }

    [Theory]
    [InlineData("429 Retry-After 7s", 7)]
    [InlineData("403 rate limit, reset in 30s", 30)]
    [InlineData("403 secondary, no Retry-After", 60)]
    [InlineData("403 secondary, Retry-After 3s", 3)]
    public async Task Rate_limits_are_waited_out_as_GitHub_asks_on_the_injected_clock(string fault, int seconds)
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        h.GitHub.InjectFault(Fault(fault), r => r.IsIssueList);

        var summary = await h.RunAsync(Failing("database"));

        Assert.Empty(summary.Problems);
        Assert.Equal(1, summary.Opened);
        Assert.InRange(h.Clock.Waited.TotalSeconds, seconds, seconds + 3);
    }

    [Fact]
    public async Task Backoff_gives_up_after_the_attempt_limit_and_the_run_still_returns()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        h.GitHub.InjectFault(GitHubFault.ServerError(), r => r.IsIssueList, times: 100);

        var summary = await h.RunAsync(Failing("database"));

        Assert.Contains(summary.Problems, p => p.Contains("500", StringComparison.Ordinal) && p.Contains("4 attempts", StringComparison.Ordinal));
        Assert.Equal(4, h.GitHub.Requests.Count(r => r.IsIssueList));
        Assert.Equal(TimeSpan.FromSeconds(1 + 2 + 4), h.Clock.Waited);
        Assert.Empty(h.GitHub.Issues);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("dropped connection")]
    [InlineData("slow answer")]
    public async Task A_listing_that_fails_once_is_retried_because_reading_is_safe(string fault)
    {
        var timeout = TimeSpan.FromSeconds(fault == "slow answer" ? 1 : 15);
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] }, options: new GitHubCallOptions { RequestTimeout = timeout });
        h.GitHub.InjectFault(Fault(fault), r => r.IsIssueList);

        var summary = await h.RunAsync(Failing("database"));

        Assert.Empty(summary.Problems);
        Assert.Single(h.GitHub.Issues);
    }

    [Fact]
    public async Task A_close_that_fails_is_done_by_the_next_run()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1 });
        await h.RunAsync(Failing("database"));
        h.GitHub.InjectFault(GitHubFault.RateLimited(TimeSpan.FromHours(1)), r => r.Method == "PATCH");

        var failed = await h.RunAsync(Passing("database"));
        Assert.NotEmpty(failed.Problems);
        Assert.Single(h.GitHub.OpenIssues);

        h.Clock.Advance(TimeSpan.FromHours(1));
        var next = await h.RunAsync(Passing("database"));

        Assert.Equal(1, next.Closed);
        Assert.Empty(h.GitHub.OpenIssues);
        Assert.Single(h.GitHub.Issues);
    }

    [Fact]
    public async Task A_rate_limit_beyond_the_cap_stops_the_rest_of_the_run_without_hammering()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        h.GitHub.InjectFault(GitHubFault.RateLimited(TimeSpan.FromMinutes(30)), r => r.IsCreateIssue);

        var summary = await h.RunAsync(Failing("a"), Failing("b"), Failing("c"));

        Assert.Equal(1, h.GitHub.Requests.Count(r => r.IsCreateIssue));
        Assert.Equal(3, summary.Problems.Count);
        Assert.Equal(TimeSpan.Zero, h.Clock.Waited);
    }

    [Fact]
    public async Task A_comment_that_fails_is_said_again_next_run_rather_than_lost()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        await h.RunAsync(Failing("database"));
        h.GitHub.InjectFault(GitHubFault.Unprocessable(), r => r.IsComment);
        var twoFailing = Failing("database", failed: [("connections.ratio < 80%", "94%"), ("blocked.count == 0", "3")]);

        await h.RunAsync(twoFailing);
        Assert.Empty(h.GitHub.Issues[0].Comments);
        await h.RunAsync(twoFailing);

        Assert.Contains("Now also failing", Assert.Single(h.GitHub.Issues[0].Comments).Body);
    }

    private static GitHubFault Fault(string name) => name switch
    {
        "500" => GitHubFault.ServerError(),
        "502" => GitHubFault.BadGateway(),
        "429 Retry-After 7s" => GitHubFault.TooManyRequests(TimeSpan.FromSeconds(7)),
        "403 rate limit, reset in 30s" => GitHubFault.RateLimited(TimeSpan.FromSeconds(30)),
        "403 rate limit, reset in 10min" => GitHubFault.RateLimited(TimeSpan.FromMinutes(10)),
        "403 secondary, no Retry-After" => GitHubFault.SecondaryRateLimit(),
        "403 secondary, Retry-After 3s" => GitHubFault.SecondaryRateLimit(TimeSpan.FromSeconds(3)),
        "422" => GitHubFault.Unprocessable(),
        "dropped connection" => GitHubFault.DropConnection(),
        "dropped after apply" => GitHubFault.DropAfterApply(),
        "slow answer" => GitHubFault.Slow(TimeSpan.FromSeconds(3)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
