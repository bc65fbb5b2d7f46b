using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed class ConcurrencyScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_runs_at_once_leave_one_open_issue_after_the_next_run()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        var timer = h.NewSink();
        var action = h.NewSink();
        h.Clock.Advance(IncidentHarness.RunInterval);
        var report = Run(h.Clock.GetUtcNow(), Failing("database"), Failing("cache"));

        // Both list before either creates: the race the timer trigger and the Action can really run into.
        var bothListed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.GitHub.InjectFault(TestKit.GitHub.GitHubFault.HoldAnswer(bothListed.Task), r => r.IsIssueList, times: 2);
        var runs = Task.WhenAll(h.PublishAsync(report, timer), h.PublishAsync(report, action));
        while (h.GitHub.Requests.Count(r => r.IsIssueList) < 2)
        {
            await Task.Delay(10);
        }

        bothListed.SetResult();
        await runs;
        Assert.Equal(4, h.GitHub.OpenIssues.Count);
        h.Counts("two concurrent runs");

        await h.RunAsync(Failing("database"), Failing("cache"));

        Assert.Equal(2, h.GitHub.OpenIssues.Count);
        var duplicates = h.GitHub.Issues.Where(i => !i.IsOpen).ToList();
        Assert.Equal(2, duplicates.Count);
        Assert.All(duplicates, d => Assert.Equal("duplicate", d.StateReason));
        foreach (var duplicate in duplicates)
        {
            var original = h.GitHub.OpenIssues.Single(o => o.Body!.Split('\n')[0] == duplicate.Body!.Split('\n')[0]);
            Assert.True(original.Number < duplicate.Number);
            Assert.Contains($"Duplicate of #{original.Number}", Assert.Single(duplicate.Comments).Body);
        }

        h.Counts("next run closes duplicates");
        await h.RunAsync(Failing("database"), Failing("cache"));
        Assert.Equal(2, h.GitHub.OpenIssues.Count);
    }
}
