using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.TestKit.Notifications;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// What a published-worker test that files incidents and notifies starts fresh for each test: the backend its checks
/// probe, a GitHub-compatible test server and a webhook receiver; <see cref="Settings"/> are the app settings that
/// point the worker at them (the diag.yaml's webhook reads its URL from <c>HOOK_URL</c>).
/// </summary>
internal sealed class IncidentServers : IAsyncDisposable
{
    public const string HookPath = "/hooks/diag";

    private IncidentServers(TargetServer target, FakeGitHubServer github, NotificationReceiver receiver)
    {
        Target = target;
        GitHub = github;
        Receiver = receiver;
    }

    public TargetServer Target { get; }

    public FakeGitHubServer GitHub { get; }

    public NotificationReceiver Receiver { get; }

    public static async Task<IncidentServers> StartAsync()
    {
        var target = await TargetServer.StartAsync();
        var github = await FakeGitHubServer.StartAsync();
        var receiver = await NotificationReceiver.StartAsync();
        return new IncidentServers(target, github, receiver);
    }

    public Dictionary<string, string?> Settings(string token) => new()
    {
        ["GITHUB_TOKEN"] = token,
        ["GITHUB_REPOSITORY"] = GitHub.Repository,
        ["GITHUB_API_URL"] = GitHub.BaseUrl,
        ["HOOK_URL"] = Receiver.Url(HookPath),
    };

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await GitHub.DisposeAsync();
        await Target.DisposeAsync();
    }
}
