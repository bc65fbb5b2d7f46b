using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Secrets;
using Serverless.Diag.State.Deployments;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.TestKit.Notifications;
using Serverless.Diag.Tests.State;

namespace Serverless.Diag.Tests.History;

/// <summary>
/// What the history says reaches the notification, not only the issue: runs on a fake clock through the real pipeline,
/// a real local store, the GitHub-compatible test server and a webhook channel to a real loopback receiver.
/// </summary>
public sealed class NotificationHistoryTests : IAsyncLifetime
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api");

    private readonly MemoryHarness _harness = new();
    private FakeGitHubServer _github = null!;
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync(_harness.Time);
        _receiver = await NotificationReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _github.DisposeAsync();
        _harness.Dispose();
    }

    [Fact]
    public async Task The_opened_notification_lists_the_runs_before_it_says_the_failure_is_new_and_names_the_deployment()
    {
        _harness.Set("api", passing: true);
        await RunAsync(new Deployment("9fceb02d0ae598e95dc970b74767f19372d61af8", "refs/heads/main", 42));
        for (var run = 0; run < 2; run++)
        {
            _harness.Time.Advance(TimeSpan.FromMinutes(5));
            await RunAsync(deployment: null);
        }

        _harness.Time.Advance(TimeSpan.FromMinutes(5));
        _harness.Set("api", passing: false);
        await RunAsync(deployment: null);

        var opened = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body).RootElement;
        Assert.Equal("opened", opened.GetProperty("event").GetString());
        var runs = opened.GetProperty("recent_runs");
        Assert.Equal(["pass", "pass", "pass"], runs.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("The 3 run(s) before this one passed, so this failure is new.", runs.GetProperty("summary").GetString());
        Assert.EndsWith("; first failed 15 minutes after deploy 9fceb02 (PR #42)", opened.GetProperty("headline").GetString(), StringComparison.Ordinal);
        Assert.Contains("the 3 run(s) before this one passed, so this failure is new.", Assert.Single(_github.OpenIssues).Body, StringComparison.Ordinal);
    }

    private async Task RunAsync(Deployment? deployment)
    {
        var secrets = new SecretRedactor();
        var channel = new NotifyChannel { Name = "automation", Type = ChannelType.Webhook, Url = _receiver.Url("/hooks/automation") };
        var notifier = new Notifier(new NotifySettings([channel]), new HttpClient(), _harness.Time, secrets, NullLogger<Notifier>.Instance);
        await _harness.RunFilingAsync(Config, _github, deployment, notifier, secrets);
    }
}
