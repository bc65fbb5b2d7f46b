using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;
using Serverless.Diag.State;
using Serverless.Diag.TestKit.Notifications;

namespace Serverless.Diag.IntegrationTests.Notifications;

/// <summary>
/// Every channel type says whether the failure is new, as the incident body does: the latest runs before this one and
/// the sentence, against a real loopback receiver and the services' schemas; a recovery carries none.
/// </summary>
public sealed class NotificationRecentRunsTests : IAsyncLifetime
{
    private const string Line = "Runs before this one, newest first: pass, pass, pass, fail, pass. 1 of the 10 run(s) before this one failed; the last pass was at 2026-11-23 08:55 UTC.";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Slack_shows_the_runs_and_whether_the_failure_is_new_in_a_context_line()
    {
        await OutageAsync(Channel("chat", ChannelType.Slack));

        var blocks = Json(_receiver.Requests[0]).GetProperty("blocks").EnumerateArray().ToList();
        var contexts = blocks.Where(b => b.GetProperty("type").GetString() == "context").Select(b => b.GetProperty("elements")[0].GetProperty("text").GetString()).ToList();
        Assert.Contains(Line, contexts);
        Assert.DoesNotContain("Runs before this one", _receiver.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Teams_shows_them_as_a_subtle_text_block_of_a_valid_card()
    {
        await OutageAsync(Channel("team", ChannelType.Teams));

        var card = Json(_receiver.Requests[0]).GetProperty("attachments")[0].GetProperty("content");
        var block = card.GetProperty("body").EnumerateArray().Single(e => e.TryGetProperty("text", out var t) && t.GetString() == Line);
        Assert.True(block.GetProperty("isSubtle").GetBoolean());
        Assert.Empty(await ServiceSchemas.AdaptiveCardProblemsAsync(card.GetRawText()));
        Assert.DoesNotContain("Runs before this one", _receiver.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagerDuty_carries_them_in_the_custom_details_of_the_trigger()
    {
        await OutageAsync(Channel("oncall", ChannelType.PagerDuty));

        var trigger = Json(_receiver.Requests[0]);
        Assert.Equal(Line, trigger.GetProperty("payload").GetProperty("custom_details").GetProperty("recent_runs").GetString());
        Assert.Empty(await ServiceSchemas.PagerDutyProblemsAsync(_receiver.Requests[0].Body));
        Assert.Equal("resolve", Json(_receiver.Requests[1]).GetProperty("event_action").GetString());
    }

    [Fact]
    public async Task The_webhook_document_has_them_as_data_valid_against_the_shipped_schema()
    {
        await OutageAsync(Channel("automation", ChannelType.Webhook));

        var runs = Json(_receiver.Requests[0]).GetProperty("recent_runs");
        Assert.Equal(["pass", "pass", "pass", "fail", "pass"], runs.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("1 of the 10 run(s) before this one failed; the last pass was at 2026-11-23 08:55 UTC.", runs.GetProperty("summary").GetString());
        Assert.False(Json(_receiver.Requests[1]).TryGetProperty("recent_runs", out _), "a resolved event carries no runs");
        Assert.Empty(await ServiceSchemas.WebhookProblemsAsync(_receiver.Requests[0].Body));
        Assert.Empty(await ServiceSchemas.WebhookProblemsAsync(_receiver.Requests[1].Body));
    }

    [Fact]
    public async Task A_first_failure_after_passing_runs_is_called_new_and_without_history_nothing_is_said()
    {
        await OutageAsync(Channel("automation", ChannelType.Webhook), [Run(10, CheckStatus.Pass), Run(5, CheckStatus.Warn)]);
        await OutageAsync(Channel("automation", ChannelType.Webhook), []);

        var runs = Json(_receiver.Requests[0]).GetProperty("recent_runs");
        Assert.Equal(["warn", "pass"], runs.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("The 2 run(s) before this one passed, so this failure is new.", runs.GetProperty("summary").GetString());
        Assert.False(Json(_receiver.Requests[2]).TryGetProperty("recent_runs", out _), "no history, no runs");
    }

    /// <summary>Ten runs before this one, oldest first, five minutes apart: one failure among passes.</summary>
    private static IReadOnlyList<HistoryEntry> TenRuns() =>
        [.. Enumerable.Range(0, 10).Select(i => Run(50 - (i * 5), i == 6 ? CheckStatus.Fail : CheckStatus.Pass))];

    private static HistoryEntry Run(int minutesAgo, CheckStatus status) => new()
    {
        Environment = "staging",
        Check = "database",
        Time = Now.AddMinutes(-minutesAgo),
        RunId = $"run-{minutesAgo}",
        Status = status,
        Measurements = new Dictionary<string, double> { ["latency"] = 12 },
    };

    private NotifyChannel Channel(string name, ChannelType type) => type == ChannelType.PagerDuty
        ? new NotifyChannel { Name = name, Type = type, RoutingKey = "R0UTINGKEY-recent-runs-0123456789", EventsUrl = new Uri(_receiver.Url("/v2/enqueue")) }
        : new NotifyChannel { Name = name, Type = type, Url = _receiver.Url($"/hooks/{name}") };

    /// <summary>An incident opened with these runs before it, then resolved: two deliveries.</summary>
    private static async Task OutageAsync(NotifyChannel channel, IReadOnlyList<HistoryEntry>? runs = null)
    {
        var notifier = new Notifier(new NotifySettings([channel]), new HttpClient(), TimeProvider.System, new SecretRedactor(), NullLogger<Notifier>.Instance);
        var check = new CheckReport
        {
            Name = "database",
            Type = "postgres",
            Environment = "staging",
            Status = CheckStatus.Fail,
            Severity = Severity.P1,
            Assertions = [new AssertionResult("connections.ratio < 80%", false, "93%", AssertionLevel.Fail)],
            RecentRuns = runs ?? TenRuns(),
        };
        var incident = new FailingIncident(IncidentFingerprint.Of("staging", "database"), "staging", "database", check, [], Severity.P1, ObservationReader.FailingItems(check), MayOpen: true);
        var machine = new IncidentStateMachine(new IncidentPolicy { CloseAfter = 1 });
        var open = machine.Failing(null, incident, Now);
        var opened = new IncidentSubject(incident.Fingerprint, open.Next!, incident, null);
        await notifier.DeliverAsync(notifier.Plan(open, opened), opened, CancellationToken.None);

        // The recovery's run still has the check's report (passing), with its history: a resolve says nothing of it.
        var close = machine.Passing(incident.Fingerprint, open.Next!, Now.AddMinutes(5));
        var closed = new IncidentSubject(incident.Fingerprint, close.Next!, incident, null);
        await notifier.DeliverAsync(notifier.Plan(close, closed), closed, CancellationToken.None);
    }

    private static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;
}
