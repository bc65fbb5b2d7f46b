using System.Text.Json;
using Serverless.Diag.TestKit.FunctionsHost;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>The Functions timer, driven over the host protocol, notifies a channel of the incident it files: once per event.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class WorkerNotificationTests(PackagedApp package) : IAsyncLifetime
{
    private const string Token = "ghs_workerNotifyToken0123456789abcd";
    private IncidentServers _servers = null!;

    public async Task InitializeAsync() => _servers = await IncidentServers.StartAsync();

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task A_timer_run_that_opens_an_incident_notifies_the_webhook_once_and_a_recovery_resolves_it()
    {
        string Config(string path) => $$"""
            version: 1
            github:
              labels: [incident]
              close_after: 1
            notify:
              - name: automation
                type: webhook
                url: ${env:HOOK_URL}
            environments:
              production:
                vars: { base: "{{_servers.Target.BaseUrl}}" }
            checks:
              - name: api-health
                type: http
                url: ${base}/{{path}}
                expect: [status == 200]
            """;
        var settings = _servers.Settings(Token);
        await using (var failing = await PublishedWorker.StartAsync(package, Config("broken/health"), settings))
        {
            var first = await failing.TimerAsync(TimerPayloads.FirstRun(new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));
            var second = await failing.TimerAsync();
            Assert.True(first.Succeeded, first.FailureMessage);
            Assert.True(second.Succeeded, second.FailureMessage);
        }

        // The target recovers (here: the check points at its healthy twin): the next timer run closes the issue and says so.
        await using (var recovered = await PublishedWorker.StartAsync(package, Config("health"), settings))
        {
            var third = await recovered.TimerAsync();
            Assert.True(third.Succeeded, third.FailureMessage);
        }

        var issue = Assert.Single(_servers.GitHub.Issues);
        Assert.False(issue.IsOpen);
        var events = _servers.Receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["opened", "resolved"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.All(events, e => Assert.Equal("production/api-health", e.GetProperty("fingerprint").GetString()));
        Assert.EndsWith($"/issues/{issue.Number}", events[0].GetProperty("issue_url").GetString(), StringComparison.Ordinal);
        Assert.All(_servers.Receiver.Requests, r => Assert.Equal(IncidentServers.HookPath, r.Path));
        Assert.DoesNotContain(_servers.Receiver.Url("/hooks"), issue.Body, StringComparison.Ordinal);
    }
}
