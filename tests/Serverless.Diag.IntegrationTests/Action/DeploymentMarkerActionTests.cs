using System.Text.Json;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>
/// Deployment markers end to end: the command line as a GitHub Actions step on a pull_request event records the
/// marker from GITHUB_SHA, GITHUB_REF and the event; the incident it files on the GitHub-compatible test server says
/// the failure began after that deployment.
/// </summary>
public sealed class DeploymentMarkerActionTests : IAsyncLifetime
{
    private const string Token = "ghs_fakeTokenForTheMarkerTests0123";
    private const string Sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";
    private GitHubGate _gate = null!;

    public async Task InitializeAsync() => _gate = await GitHubGate.StartAsync(Token);

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task The_gate_records_the_pull_requests_deployment_and_the_incident_names_it()
    {
        using var step = Step();
        var state = Path.Combine(step.Root, "state");
        step.WritePullRequestEvent(42);
        _gate.Targets.Healthy = false;

        var result = await step.RunCliAsync("run", "--config", "diag.yaml", "--state", state, "--deployment", "github", "--file-issues");

        Assert.True(result.ExitCode == 1, result.ToString());
        var issue = Assert.Single(_gate.GitHub.OpenIssues);
        Assert.Contains("First failed 0 minutes after deploy 9fceb02 (PR #42).", issue.Body, StringComparison.Ordinal);

        using var markers = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "deployments", "preview.json")));
        var marker = Assert.Single(markers.RootElement.GetProperty("deployments").EnumerateArray());
        Assert.Equal(Sha, marker.GetProperty("sha").GetString());
        Assert.Equal("refs/pull/42/merge", marker.GetProperty("ref").GetString());
        Assert.Equal(42, marker.GetProperty("pullRequest").GetInt32());

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(result.Outputs["report"]));
        var check = report.RootElement.GetProperty("environments")[0].GetProperty("checks")[0];
        Assert.Equal(42, check.GetProperty("afterDeploy").GetProperty("pullRequest").GetInt32());
        Assert.DoesNotContain(Token, result.Stderr + result.OutputFile + result.Summary + issue.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_marker_on_the_command_line_outside_actions_is_recorded()
    {
        using var step = Step();
        step.Environment["GITHUB_ACTIONS"] = "false";
        var state = Path.Combine(step.Root, "state");

        var result = await step.RunCliAsync("run", "--config", "diag.yaml", "--state", state, "--deployment", "sha=abc1234,ref=refs/heads/main,pr=#7");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var markers = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "deployments", "preview.json")));
        var marker = Assert.Single(markers.RootElement.GetProperty("deployments").EnumerateArray());
        Assert.Equal(("abc1234", 7), (marker.GetProperty("sha").GetString(), marker.GetProperty("pullRequest").GetInt32()));
    }

    [Theory]
    [InlineData("ref=main", "--deployment needs sha=<commit>")]
    [InlineData("sha=abc,pr=seven", "--deployment pr= must be a pull request number such as 42, not 'seven'")]
    [InlineData("sha=abc,branch=main", "not 'branch'")]
    public async Task A_malformed_marker_is_a_usage_error_and_nothing_runs(string value, string message)
    {
        using var step = Step();

        var result = await step.RunCliAsync("run", "--config", "diag.yaml", "--state", Path.Combine(step.Root, "state"), "--deployment", value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, _gate.Targets.Requests);
    }

    [Fact]
    public async Task A_marker_without_a_state_store_is_refused()
    {
        using var step = Step();

        var result = await step.RunCliAsync("run", "--config", "diag.yaml", "--deployment", "sha=abc1234");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--deployment records a marker in the state store", result.Stderr, StringComparison.Ordinal);
    }

    private RunnerStep Step()
    {
        var step = _gate.Step();
        step.Environment["GITHUB_SHA"] = Sha;
        step.Environment["GITHUB_REF"] = "refs/pull/42/merge";
        return step;
    }
}
