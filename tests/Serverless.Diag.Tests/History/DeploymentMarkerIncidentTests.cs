using Serverless.Diag.State.Deployments;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.Tests.State;

namespace Serverless.Diag.Tests.History;

/// <summary>
/// The deployment line in the incident's issue body, on a fake clock: a gate run records the marker, scheduled runs
/// minutes later file the incident on the GitHub-compatible test server through the real sink and a real local store.
/// </summary>
public sealed class DeploymentMarkerIncidentTests : IAsyncLifetime
{
    private static readonly Deployment Deploy = new("9fceb02d0ae598e95dc970b74767f19372d61af8", "refs/pull/42/merge", 42);

    private static readonly string Config = "version: 1\nstate: { deploy_window: 30m }\nchecks:\n" + MemoryHarness.Check("api") + MemoryHarness.Check("db");

    private readonly MemoryHarness _harness = new();
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHubServer.StartAsync(_harness.Time);

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _harness.Dispose();
    }

    [Fact]
    public async Task An_incident_that_begins_minutes_after_a_deployment_says_how_many_and_keeps_saying_it_while_it_fails()
    {
        _harness.Set("api", passing: true);
        _harness.Set("db", passing: true);
        await RunAsync(Deploy);

        // The scheduled run 17 minutes after the gate finds api failing.
        _harness.Time.Advance(TimeSpan.FromMinutes(17));
        _harness.Set("api", passing: false);
        await RunAsync(deployment: null);
        var opened = Assert.Single(_github.OpenIssues).Body;

        // Still failing 20 minutes on (past the window by now): it is when the failure began that counts.
        _harness.Time.Advance(TimeSpan.FromMinutes(20));
        await RunAsync(deployment: null);
        var updated = Assert.Single(_github.OpenIssues).Body;

        Assert.Contains("First failed 17 minutes after deploy 9fceb02 (PR #42).", opened, StringComparison.Ordinal);
        Assert.Contains("First failed 17 minutes after deploy 9fceb02 (PR #42).", updated, StringComparison.Ordinal);
        Assert.DoesNotContain(MemoryHarness.GitHubToken, updated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30, "First failed 30 minutes after deploy 9fceb02 (PR #42).")]
    [InlineData(31, null)]
    public async Task The_line_is_there_up_to_the_end_of_the_deploy_window_and_not_a_minute_later(int minutes, string? line)
    {
        _harness.Set("api", passing: true);
        _harness.Set("db", passing: true);
        await RunAsync(Deploy);

        _harness.Time.Advance(TimeSpan.FromMinutes(minutes));
        _harness.Set("db", passing: false);
        await RunAsync(deployment: null);

        var issue = Assert.Single(_github.OpenIssues);
        Assert.Contains("db", issue.Title, StringComparison.Ordinal);
        if (line is null)
        {
            Assert.DoesNotContain("after deploy", issue.Body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(line, issue.Body, StringComparison.Ordinal);
        }
    }

    private Task RunAsync(Deployment? deployment) => _harness.RunFilingAsync(Config, _github, deployment);
}
