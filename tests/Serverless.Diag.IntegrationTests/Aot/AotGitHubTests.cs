using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.IntegrationTests.Action;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Aot;

/// <summary>
/// Every GitHub call the product makes, from the Native AOT binary to the GitHub-compatible test server. Octokit maps
/// its JSON by reflection; the binary keeps what it needs (see the command line's project file), and only a real
/// call shows that each request body is written and each answer read in full.
/// </summary>
public sealed class AotGitHubTests : IAsyncLifetime
{
    private const string Token = "ghs_aotIncidentToken0123456789abcdef";
    private FakeGitHubServer _github = null!;
    private KestrelTarget _target = null!;
    private volatile int _status = 503;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _target = await KestrelTarget.StartAsync(app => app.MapGet("/health", () => Results.Text("""{"status":"x"}""", "application/json", statusCode: _status)));
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _github.DisposeAsync();
    }

    private string Config(string folder, bool template = true) => WriteFile(folder, "diag.yaml", $$"""
        version: 1
        github:
          labels: [incident]
          close_after: 1
          {{(template ? "template: .github/ISSUE_TEMPLATE/incident.md" : string.Empty)}}
        environments:
          staging:
            vars: { base: "{{_target.BaseAddress.ToString().TrimEnd('/')}}" }
        checks:
          - name: api
            type: http
            url: ${base}/health
            severity: P1
            expect: [status == 200]
        """);

    private static string WriteFile(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["GITHUB_TOKEN"] = Token,
        ["GITHUB_REPOSITORY"] = _github.Repository,
        ["GITHUB_API_URL"] = _github.BaseUrl,
    };

    [Fact]
    public async Task An_incident_is_filed_from_the_repository_template_acknowledged_deduplicated_and_closed()
    {
        var folder = Directory.CreateTempSubdirectory("diag-aot-github-").FullName;
        _github.AddFile(".github/ISSUE_TEMPLATE/incident.md", "---\nname: Incident\nabout: down\ntitle: \"[INCIDENT] \"\nlabels: ops\n---\nOn-call: check {{check}} in {{environment}}.\n");
        var config = Config(folder);
        string[] run = ["run", "--config", config, "--file-issues"];

        // 1. Failing: the template is read (contents API), open incidents listed, the issue created.
        var first = await AotCli.RunAsync(folder, Environment(), run);
        var issue = Assert.Single(_github.Issues);
        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.True(issue.Title.StartsWith("[INCIDENT] ", StringComparison.Ordinal), $"{issue.Title}\n{first}");
        Assert.Contains("ops", issue.Labels);
        Assert.Contains("On-call: check api in staging.", issue.Body, StringComparison.Ordinal);

        // 2. Still failing, with an acknowledgement in a comment and a duplicate filed by a racing run: the comments are
        //    read, the command gets a reaction, the duplicate is closed as such (a raw PATCH), the issue body updated.
        var ack = _github.AddComment(issue.Number, "/diag ack", "alice", "MEMBER");
        var duplicate = _github.AddIssue(issue.Title, issue.Body, issue.Labels);
        var second = await AotCli.RunAsync(folder, Environment(), run);
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Equal([("+1", FakeGitHubServer.TokenUser)], ack.Reactions);
        var closed = Assert.Single(_github.Issues, i => !i.IsOpen);
        Assert.Equal("duplicate", closed.StateReason);
        var open = Assert.Single(_github.OpenIssues);
        Assert.Contains("ACKNOWLEDGED by @\u200Balice", open.Body, StringComparison.Ordinal);
        Assert.Contains(duplicate.Number, new[] { closed.Number, open.Number });

        // 3. Healthy again: close_after 1 closes the incident with a comment.
        _status = 200;
        var third = await AotCli.RunAsync(folder, Environment(), run);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Empty(_github.OpenIssues);
        Assert.Contains(_github.CommentsOn(open.Number), c => c.Login == FakeGitHubServer.TokenUser);

        // Every request was answered as the API answers a well-formed one, and the token went nowhere but the header.
        Assert.All(_github.Requests, r => Assert.True(r.Status is >= 200 and < 300 or 404, $"{r.Method} {r.Path} -> {r.Status}"));
        foreach (var text in new[] { first.Stdout, first.Stderr, second.Stdout, second.Stderr, third.Stdout, third.Stderr })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Action_mode_writes_its_outputs_and_summary_and_keeps_one_pull_request_comment()
    {
        using var step = new RunnerStep();
        Config(step.Workspace, template: false);
        var pull = _github.AddPullRequest("Deploy the new API");
        step.WritePullRequestEvent(pull.Number);
        step.Environment["GITHUB_API_URL"] = _github.BaseUrl;
        step.Environment["GITHUB_TOKEN"] = Token;
        var binary = await AotBinary.PathAsync();

        var failing = await step.RunAsync(binary, ["run", "--config", "diag.yaml", "--comment-on-pr"]);
        _status = 200;
        var passing = await step.RunAsync(binary, ["run", "--config", "diag.yaml", "--comment-on-pr"]);

        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Equal("fail", failing.Outputs["status"]);
        Assert.Equal(["staging/api"], JsonSerializer.Deserialize<string[]>(failing.Outputs["failed-checks"])!);
        Assert.True(File.Exists(failing.Outputs["report"]));
        Assert.Contains("staging", failing.Summary, StringComparison.Ordinal);
        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Equal("pass", passing.Outputs["status"]);
        // One comment, created by the first run and edited in place by the second.
        var comment = Assert.Single(_github.CommentsOn(pull.Number));
        Assert.True(comment.CreatedAt != comment.UpdatedAt, $"{comment.Body}\n{passing}");
        Assert.Contains("pass", comment.Body, StringComparison.OrdinalIgnoreCase);
    }
}
