using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>
/// What a gate test that talks to GitHub starts fresh for each test: the gate's targets and a GitHub-compatible test
/// server; <see cref="Step"/> is a runner step holding a token for that server and a diag.yaml with one check
/// (<c>flaky</c>: http <c>/flaky</c> in <c>preview</c>, which <see cref="GateTargets.Healthy"/> flips).
/// </summary>
internal sealed class GitHubGate : IAsyncDisposable
{
    private readonly string _token;

    private GitHubGate(string token, GateTargets targets, FakeGitHubServer github)
    {
        _token = token;
        Targets = targets;
        GitHub = github;
    }

    public GateTargets Targets { get; }

    public FakeGitHubServer GitHub { get; }

    public static async Task<GitHubGate> StartAsync(string token)
    {
        var targets = await GateTargets.StartAsync();
        var github = await FakeGitHubServer.StartAsync();
        return new GitHubGate(token, targets, github);
    }

    /// <summary>Points a step of the test's own at the GitHub test server: the token, the API URL and the repository.</summary>
    public RunnerStep Connect(RunnerStep step)
    {
        step.Environment["GITHUB_TOKEN"] = _token;
        step.Environment["GITHUB_API_URL"] = GitHub.BaseUrl;
        step.Environment["GITHUB_REPOSITORY"] = GitHub.Repository;
        return step;
    }

    public RunnerStep Step()
    {
        var step = Connect(new RunnerStep());
        step.WriteConfig(
            $"""
            version: 1
            environments:
              preview:
                vars: {"{"} base: {Targets.Base} {"}"}
            checks:
              - name: flaky
                type: http
                url: ${"{"}base{"}"}/flaky
                expect:
                  - status == 200
            """);
        return step;
    }

    public async ValueTask DisposeAsync()
    {
        await Targets.DisposeAsync();
        await GitHub.DisposeAsync();
    }
}
