namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>--comment-on-pr against the GitHub-compatible test server, as a pull_request workflow runs it.</summary>
public sealed class PullRequestCommentTests : IAsyncLifetime
{
    private const string Token = "ghs_fakeTokenForTheTestServer0123";
    private GitHubGate _gate = null!;

    public async Task InitializeAsync() => _gate = await GitHubGate.StartAsync(Token);

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task The_sticky_comment_is_created_once_then_edited_in_place_never_duplicated()
    {
        var pull = _gate.GitHub.AddPullRequest("Add the preview environment");
        _gate.GitHub.AddIssue("An unrelated issue", "body", []);
        _gate.Targets.Healthy = false;

        var first = await RunAsync(pull.Number);

        Assert.True(first.ExitCode == 1, first.ToString());
        var created = Assert.Single(_gate.GitHub.CommentsOn(pull.Number));
        Assert.Contains("Serverless.Diag gate", created.Body, StringComparison.Ordinal);
        Assert.Contains("| flaky |", created.Body, StringComparison.Ordinal);
        Assert.Contains("fail", created.Body, StringComparison.Ordinal);
        Assert.Contains("<!-- serverless-diag:pr-comment", created.Body, StringComparison.Ordinal);

        _gate.Targets.Healthy = true;
        var second = await RunAsync(pull.Number);

        Assert.True(second.ExitCode == 0, second.ToString());
        var edited = Assert.Single(_gate.GitHub.CommentsOn(pull.Number));
        Assert.Equal(created.Id, edited.Id);
        Assert.Contains("✅ pass", edited.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("❌", edited.Body, StringComparison.Ordinal);

        var third = await RunAsync(pull.Number);

        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Single(_gate.GitHub.CommentsOn(pull.Number));
        Assert.Equal(1, _gate.GitHub.Requests.Count(r => r.Method == "POST"));
        Assert.All(_gate.GitHub.Requests, r => Assert.Equal($"token {Token}", r.Authorization, ignoreCase: true));
        Assert.Empty(_gate.GitHub.Issues.Where(i => i.Number != pull.Number).SelectMany(i => i.Comments));

        foreach (var result in new[] { first, second, third })
        {
            Assert.DoesNotContain(Token, string.Join('\n', result.Stdout.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal))), StringComparison.Ordinal);
            Assert.DoesNotContain(Token, result.Stderr + result.OutputFile + result.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Outside_a_pull_request_event_nothing_is_posted()
    {
        using var step = Step();
        step.Environment["GITHUB_EVENT_NAME"] = "push";

        var result = await step.RunCliAsync("run", "--config", "diag.yaml", "--comment-on-pr");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_gate.GitHub.Requests);
        Assert.Contains("not a pull request", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_option_a_pull_request_run_posts_nothing()
    {
        var pull = _gate.GitHub.AddPullRequest("Quiet");
        using var step = Step();
        step.WritePullRequestEvent(pull.Number);

        var result = await step.RunCliAsync("run", "--config", "diag.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(_gate.GitHub.Requests);
    }

    [Fact]
    public async Task A_comment_github_refuses_is_a_warning_and_the_gates_verdict_stands()
    {
        var pull = _gate.GitHub.AddPullRequest("Refused");
        using var step = Step();
        step.WritePullRequestEvent(pull.Number);
        step.Environment["GITHUB_REPOSITORY"] = "acme/elsewhere";

        var result = await step.RunCliAsync("run", "--config", "diag.yaml", "--comment-on-pr");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("pass", result.Outputs["status"]);
        var warning = Assert.Single(result.Annotations);
        Assert.Equal("warning", warning.Command);
        Assert.Equal("serverless-diag: no pull-request comment", warning.Properties["title"]);
        Assert.Empty(_gate.GitHub.CommentsOn(pull.Number));
    }

    private async Task<StepResult> RunAsync(int pullNumber)
    {
        using var step = Step();
        step.WritePullRequestEvent(pullNumber);
        return await step.RunCliAsync("run", "--config", "diag.yaml", "--comment-on-pr");
    }

    private RunnerStep Step() => _gate.Step();
}
