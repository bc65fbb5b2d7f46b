using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

/// <summary>The request budget, read from the fake's request log (printed as [requests] lines for the closing note).</summary>
public sealed class BudgetScenarioTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(50, 1)]
    [InlineData(150, 2)]
    public async Task Steady_state_costs_one_list_request_per_page_and_no_writes(int failing, int pages)
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident", "synthetic-check"], StormThreshold = 1_000 });
        var checks = Enumerable.Range(0, failing).Select(i => Failing($"check-{i:000}")).ToArray();
        await h.RunAsync(checks);
        var opening = h.Counts($"{failing} failing: first run");
        Assert.Equal(failing, opening.Creates);

        for (var run = 0; run < 5; run++)
        {
            await h.RunAsync(checks);
            var steady = h.Counts($"{failing} failing: steady run {run + 1}");
            Assert.Equal(pages, steady.Lists);
            Assert.Equal(pages, steady.Total);
            Assert.Equal(0, steady.Writes);
        }

        Assert.Equal(failing, h.GitHub.OpenIssues.Count);
    }

    [Fact]
    public async Task Recovery_of_fifty_checks_costs_one_write_per_check_per_passing_run_and_a_comment_on_close()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], StormThreshold = 1_000, CloseAfter = 2 });
        var names = Enumerable.Range(0, 50).Select(i => $"check-{i:000}").ToList();
        await h.RunAsync([.. names.Select(n => Failing(n))]);
        h.Counts("50 failing: first run");

        await h.RunAsync([.. names.Select(n => Passing(n))]);
        var first = h.Counts("50 recovering: first pass");
        await h.RunAsync([.. names.Select(n => Passing(n))]);
        var closing = h.Counts("50 recovering: closing pass");
        await h.RunAsync([.. names.Select(n => Passing(n))]);
        var after = h.Counts("all passing, nothing open");

        Assert.Equal(50, first.Writes);
        Assert.Equal(100, closing.Writes);
        Assert.Equal(50, closing.Comments);
        Assert.Equal(1, after.Total);
        Assert.Empty(h.GitHub.OpenIssues);
    }
}
