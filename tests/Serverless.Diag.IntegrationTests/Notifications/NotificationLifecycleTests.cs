using System.Text.Json;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.IntegrationTests.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.TestKit.Notifications;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Notifications;

/// <summary>Notifications driven by the GitHub incident lifecycle (fake GitHub, real receivers): once per event, across runs and faults.</summary>
public sealed class NotificationLifecycleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string RoutingKey = "R0UTINGKEY-lifecycle-0123456789";
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_outage_sends_exactly_one_trigger_and_one_resolve_with_the_same_dedup_key()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 2 });
        h.Sink = h.NewSink(notifier: Notifier(h));

        for (var run = 0; run < 6; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        await h.RunAsync(Passing("database"));
        await h.RunAsync(Passing("database"));
        await h.RunAsync(Passing("database"));

        var events = _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e => Assert.Equal("staging/database", e.GetProperty("dedup_key").GetString()));
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.EndsWith($"/acme/backend/issues/{issue.Number}", events[0].GetProperty("links")[0].GetProperty("href").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RoutingKey, issue.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Url("/"), issue.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_failing_a_whole_run_gets_the_trigger_at_the_next_run_and_never_twice()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        h.Sink = h.NewSink(notifier: Notifier(h));
        _receiver.Enqueue(500);
        _receiver.Enqueue(503);

        var first = await h.RunAsync(Failing("database"));
        Assert.Equal(1, first.Opened);
        Assert.Empty(first.Problems);
        Assert.Empty(_receiver.Accepted);

        // A fresh process: what was delivered lives in the issue, not in the sink.
        h.Sink = h.NewSink(notifier: Notifier(h));
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));

        Assert.Equal([500, 503, 202], _receiver.Requests.Select(r => r.AnsweredStatus));
        Assert.Single(_receiver.Accepted);
    }

    [Fact]
    public async Task A_resolve_failing_a_whole_run_is_sent_once_by_the_next_process_from_the_closed_issue()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1 });
        h.Sink = h.NewSink(notifier: Notifier(h));
        await h.RunAsync(Failing("database"));
        _receiver.Enqueue(500);
        _receiver.Enqueue(503);

        var closing = await h.RunAsync(Passing("database"));

        Assert.Equal(1, closing.Closed);
        Assert.Empty(closing.Problems);
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.False(issue.IsOpen);

        // Fresh processes with no store: what is owed lives only in the closed issue's state.
        h.Sink = h.NewSink(notifier: Notifier(h));
        var retry = await h.RunAsync(Passing("database"));
        h.Sink = h.NewSink(notifier: Notifier(h));
        await h.RunAsync(Passing("database"));

        Assert.Empty(retry.Problems);
        Assert.Equal([202, 500, 503, 202], _receiver.Requests.Select(r => r.AnsweredStatus));
        var accepted = _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], accepted.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(accepted, e => Assert.Equal("staging/database", e.GetProperty("dedup_key").GetString()));
        Assert.Single(h.GitHub.Issues);
        Assert.False(h.GitHub.Issues[0].IsOpen);
    }

    [Fact]
    public async Task An_escalation_is_sent_once_to_channels_that_want_it()
    {
        var settings = new GitHubSettings { Labels = ["incident"], EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P1] = TimeSpan.FromMinutes(12) } };
        await using var h = await IncidentHarness.StartAsync(output, settings);
        var chat = new NotifyChannel { Name = "chat", Type = ChannelType.Webhook, Url = _receiver.Url("/hooks/chat"), Events = new HashSet<NotifyEvent> { NotifyEvent.Escalated } };
        h.Sink = h.NewSink(notifier: Notifier(h, chat));

        for (var run = 0; run < 6; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        var sent = Assert.Single(_receiver.Accepted);
        var document = JsonDocument.Parse(sent.Body).RootElement;
        Assert.Equal("escalated", document.GetProperty("event").GetString());
        Assert.Equal("P0", document.GetProperty("severity").GetString());
    }

    private Notifier Notifier(IncidentHarness h, params NotifyChannel[] channels)
    {
        if (channels.Length == 0)
        {
            channels = [new NotifyChannel { Name = "oncall", Type = ChannelType.PagerDuty, RoutingKey = RoutingKey, EventsUrl = new Uri(_receiver.Url("/v2/enqueue")) }];
        }

        return h.NewNotifier(channels, maxAttempts: 2);
    }
}
