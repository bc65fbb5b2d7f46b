using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.Tests.State;

/// <summary>
/// Thresholds carried all the way to the GitHub-compatible API: runs on a fake clock, a real local store, the real
/// issue sink. The issue opens on the Nth consecutive failure and closes on the Mth consecutive pass.
/// </summary>
public sealed class ThresholdIncidentTests : IAsyncLifetime
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    failure_threshold: 3\n    success_threshold: 2\n");
    private readonly MemoryHarness _harness = new();
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHubServer.StartAsync(_harness.Time);

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _harness.Dispose();
    }

    private async Task<string> RunAsync(bool passing)
    {
        _harness.Set("api", passing);
        await _harness.RunFilingAsync(Config, _github);
        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        return _github.Issues.Count == 0 ? "none" : _github.Issues.Single().State;
    }

    [Fact]
    public async Task The_issue_opens_on_the_third_consecutive_failure_and_closes_on_the_second_consecutive_pass()
    {
        var seen = new List<string>();
        foreach (var passing in new[] { false, false, false, true, true })
        {
            seen.Add(await RunAsync(passing));
        }

        Assert.Equal(["none", "none", "open", "open", "closed"], seen);
    }

    [Fact]
    public async Task A_pass_between_failures_starts_the_count_again_and_a_failure_between_passes_keeps_the_issue_open()
    {
        var seen = new List<string>();
        foreach (var passing in new[] { false, false, true, false, false, false, true, false, true, true })
        {
            seen.Add(await RunAsync(passing));
        }

        Assert.Equal(["none", "none", "none", "none", "none", "open", "open", "open", "open", "closed"], seen);
        Assert.Single(_github.Requests, r => r.IsCreateIssue);
    }
}
