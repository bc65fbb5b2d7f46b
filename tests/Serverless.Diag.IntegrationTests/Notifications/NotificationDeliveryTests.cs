using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Notifications.Delivery;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit.Notifications;

namespace Serverless.Diag.IntegrationTests.Notifications;

/// <summary>Each channel type against a real loopback receiver: the documented payload shapes, signatures, filters and faults.</summary>
public sealed class NotificationDeliveryTests : IAsyncLifetime
{
    private const string Planted = "planted-s3cret-7f3a9c";
    private const string RoutingKey = "R0UTINGKEY0123456789abcdef012345";
    private const string WebhookSecret = "whsec-0123456789";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly Uri IssueUrl = new("https://github.example/acme/backend/issues/7");

    private NotificationReceiver _receiver = null!;
    private readonly SecretRedactor _secrets = new();
    private readonly RecordingLogger _log = new();

    public async Task InitializeAsync()
    {
        _receiver = await NotificationReceiver.StartAsync();
        _secrets.Add(Planted);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task PagerDuty_gets_one_trigger_and_one_resolve_with_the_fingerprint_as_dedup_key()
    {
        var notifier = Notifier(Channel("oncall", ChannelType.PagerDuty));

        var (opened, closed) = await OutageAsync(notifier);

        Assert.All(opened.Concat(closed), d => Assert.True(d.Delivered));
        Assert.Equal(2, _receiver.Requests.Count);
        var trigger = Json(_receiver.Requests[0]);
        var resolve = Json(_receiver.Requests[1]);
        Assert.Equal("/v2/enqueue", _receiver.Requests[0].Path);
        Assert.Equal(RoutingKey, trigger.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", trigger.GetProperty("event_action").GetString());
        Assert.Equal("staging/database", trigger.GetProperty("dedup_key").GetString());
        var payload = trigger.GetProperty("payload");
        Assert.Equal("error", payload.GetProperty("severity").GetString());
        Assert.StartsWith("[P1][staging] database: connections.ratio < 80% failed (actual 93%)", payload.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.True(payload.GetProperty("summary").GetString()!.Length <= 1024);
        Assert.Equal("serverless-diag/staging", payload.GetProperty("source").GetString());
        Assert.True(DateTimeOffset.TryParse(payload.GetProperty("timestamp").GetString(), out _));
        var details = payload.GetProperty("custom_details");
        Assert.Equal("connections.ratio < 80% (actual 93%)", details.GetProperty("failed_assertions")[0].GetString());
        Assert.Equal("0.93", details.GetProperty("measurements").GetProperty("connections.ratio").GetString());
        Assert.Equal(IssueUrl.ToString(), trigger.GetProperty("links")[0].GetProperty("href").GetString());
        Assert.Equal("resolve", resolve.GetProperty("event_action").GetString());
        Assert.Equal("staging/database", resolve.GetProperty("dedup_key").GetString());
        Assert.False(resolve.TryGetProperty("payload", out _));
        Assert.Empty(await ServiceSchemas.PagerDutyProblemsAsync(_receiver.Requests[0].Body));
        Assert.Empty(await ServiceSchemas.PagerDutyProblemsAsync(_receiver.Requests[1].Body));
    }

    [Fact]
    public async Task An_acknowledged_event_is_a_pagerduty_acknowledge_with_the_same_dedup_key_and_follows_the_events_filter()
    {
        var notifier = Notifier(Channel("oncall", ChannelType.PagerDuty), Channel("quiet", ChannelType.Webhook) with { Events = new HashSet<NotifyEvent> { NotifyEvent.Opened } }, Channel("automation", ChannelType.Webhook));

        var delivered = await AcknowledgeAsync(notifier, Severity.P1);

        Assert.Equal(["oncall", "automation"], delivered.Select(d => d.Channel));
        Assert.All(delivered, d => Assert.True(d.Delivered));
        var acknowledge = Json(_receiver.Requests.Single(r => r.Path == "/v2/enqueue"));
        Assert.Equal("acknowledge", acknowledge.GetProperty("event_action").GetString());
        Assert.Equal("staging/database", acknowledge.GetProperty("dedup_key").GetString());
        Assert.Empty(await ServiceSchemas.PagerDutyProblemsAsync(acknowledge.GetRawText()));
        var webhook = _receiver.Requests.Single(r => r.Path == "/hooks/automation");
        Assert.Equal("acknowledged", webhook.Headers["X-Serverless-Diag-Event"]);
        Assert.Equal("acknowledged", Json(webhook).GetProperty("event").GetString());
        Assert.Empty(await ServiceSchemas.WebhookProblemsAsync(webhook.Body));
    }

    [Fact]
    public async Task The_pagerduty_schema_refuses_what_the_events_api_documents_as_invalid()
    {
        Assert.NotEmpty(await ServiceSchemas.PagerDutyProblemsAsync("""{"routing_key":"k","event_action":"trigger","dedup_key":"a"}"""));
        Assert.NotEmpty(await ServiceSchemas.PagerDutyProblemsAsync("""{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"x","severity":"fatal"}}"""));
        Assert.NotEmpty(await ServiceSchemas.PagerDutyProblemsAsync($$"""{"routing_key":"k","event_action":"resolve","dedup_key":"{{new string('k', 256)}}"}"""));
        Assert.NotEmpty(await ServiceSchemas.PagerDutyProblemsAsync("""{"routing_key":"k","event_action":"close","dedup_key":"a"}"""));
        Assert.Empty(await ServiceSchemas.PagerDutyProblemsAsync("""{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"x","severity":"info"}}"""));
    }

    [Theory]
    [InlineData(Severity.P0, "critical")]
    [InlineData(Severity.P1, "error")]
    [InlineData(Severity.P2, "warning")]
    [InlineData(Severity.P3, "info")]
    public async Task PagerDuty_severity_follows_the_incident(Severity severity, string expected)
    {
        var notifier = Notifier(Channel("oncall", ChannelType.PagerDuty));

        await OpenAsync(notifier, severity);

        Assert.Equal(expected, Json(Assert.Single(_receiver.Requests)).GetProperty("payload").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_message_with_the_severity_colour_and_a_button_to_the_issue()
    {
        var notifier = Notifier(Channel("team", ChannelType.Teams));

        await OpenAsync(notifier, Severity.P1);

        var message = Json(Assert.Single(_receiver.Requests));
        Assert.Equal("message", message.GetProperty("type").GetString());
        var attachment = message.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        Assert.Equal(JsonValueKind.Null, attachment.GetProperty("contentUrl").ValueKind);
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var header = card.GetProperty("body")[0];
        Assert.Equal("Container", header.GetProperty("type").GetString());
        Assert.Equal("attention", header.GetProperty("style").GetString());
        Assert.StartsWith("[P1][staging] database: ", header.GetProperty("items")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var texts = card.GetProperty("body").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "TextBlock").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Contains(texts, t => t!.StartsWith("Probable cause: pool exhaustion", StringComparison.Ordinal));
        Assert.Contains(texts, t => t!.StartsWith("Next step: Pool exhaustion", StringComparison.Ordinal));
        var action = card.GetProperty("actions")[0];
        Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString());
        Assert.Equal(IssueUrl.ToString(), action.GetProperty("url").GetString());
        Assert.Empty(await ServiceSchemas.AdaptiveCardProblemsAsync(card.GetRawText()));
    }

    [Theory]
    [InlineData(Severity.P0, "attention")]
    [InlineData(Severity.P2, "warning")]
    [InlineData(Severity.P3, "accent")]
    public async Task Every_teams_card_of_an_outage_is_valid_against_the_adaptive_card_schema(Severity severity, string style)
    {
        var notifier = Notifier(Channel("team", ChannelType.Teams) with { Events = new HashSet<NotifyEvent>(Enum.GetValues<NotifyEvent>()) });
        var hostile = "<at>everyone</at> \"quoted\" \u0001 \ud83d\udd25 " + new string('x', 9_000);

        await OpenAsync(notifier, severity, [(hostile, hostile)], headline: hostile, hint: hostile);
        await AcknowledgeAsync(notifier, severity);
        await OutageAsync(notifier);

        Assert.Equal(4, _receiver.Requests.Count);
        var cards = _receiver.Requests.Select(r => Json(r).GetProperty("attachments")[0].GetProperty("content")).ToList();
        foreach (var card in cards)
        {
            Assert.Empty(await ServiceSchemas.AdaptiveCardProblemsAsync(card.GetRawText()));
        }

        Assert.Equal(style, cards[0].GetProperty("body")[0].GetProperty("style").GetString());
        Assert.StartsWith("Acknowledged: ", cards[1].GetProperty("body")[0].GetProperty("items")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("good", cards[3].GetProperty("body")[0].GetProperty("style").GetString());
        Assert.StartsWith("Resolved: ", cards[3].GetProperty("body")[0].GetProperty("items")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_adaptive_card_schema_refuses_what_teams_would_not_render()
    {
        // The schema check can fail: an unknown container style, an OpenUrl without url, an unknown element.
        Assert.NotEmpty(await ServiceSchemas.AdaptiveCardProblemsAsync("""{"type":"AdaptiveCard","version":"1.4","body":[{"type":"Container","style":"red","items":[]}]}"""));
        Assert.NotEmpty(await ServiceSchemas.AdaptiveCardProblemsAsync("""{"type":"AdaptiveCard","version":"1.4","body":[],"actions":[{"type":"Action.OpenUrl","title":"x"}]}"""));
        Assert.NotEmpty(await ServiceSchemas.AdaptiveCardProblemsAsync("""{"type":"AdaptiveCard","version":"1.4","body":[{"type":"Marquee","text":"x"}]}"""));
        Assert.Empty(await ServiceSchemas.AdaptiveCardProblemsAsync("""{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"x","wrap":true}]}"""));
    }

    [Fact]
    public async Task Slack_gets_block_kit_with_fallback_text_and_stays_within_the_block_limits()
    {
        var notifier = Notifier(Channel("chat", ChannelType.Slack));
        var failed = Enumerable.Range(0, 200).Select(i => ($"json.items[{i}].size < 10", new string('9', 4_000))).ToArray();

        await OpenAsync(notifier, Severity.P2, failed, headline: new string('h', 5_000));

        var message = Json(Assert.Single(_receiver.Requests));
        Assert.StartsWith("[P2][staging] database: ", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(50, blocks.Count);
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.True(blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length <= 150);
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        foreach (var section in blocks.Where(b => b.GetProperty("type").GetString() == "section"))
        {
            if (section.TryGetProperty("text", out var text))
            {
                Assert.True(text.GetProperty("text").GetString()!.Length <= 3_000);
            }

            if (section.TryGetProperty("fields", out var fields))
            {
                Assert.True(fields.GetArrayLength() <= 10);
            }
        }

        // Cut, not dropped: the 5,000-character headline keeps its start and ends with an ellipsis (notices cut it at 1,000).
        var headline = blocks[1].GetProperty("text").GetProperty("text").GetString()!;
        Assert.Equal(1_000, headline.Length);
        Assert.EndsWith("…", headline, StringComparison.Ordinal);
        Assert.StartsWith("protocol: hhhh", headline, StringComparison.Ordinal);
        var assertion = blocks.First(b => b.GetProperty("type").GetString() == "section" && b.TryGetProperty("text", out var t) && t.GetProperty("text").GetString()!.StartsWith('✗'));
        Assert.EndsWith("…`", assertion.GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(message.GetProperty("text").GetString()!.Length <= 3_000);
        var context = blocks.Single(b => b.GetProperty("type").GetString() == "context");
        Assert.Matches(@"^\d+ more failed assertion\(s\) not shown", context.GetProperty("elements")[0].GetProperty("text").GetString());
        var button = blocks[^1].GetProperty("elements")[0];
        Assert.Equal("button", button.GetProperty("type").GetString());
        Assert.Equal(IssueUrl.ToString(), button.GetProperty("url").GetString());
    }

    [Fact]
    public void Slack_section_text_longer_than_3000_characters_is_cut_with_an_ellipsis_and_blocks_stop_at_50()
    {
        // Straight to the payload: notices cut their own texts shorter, this proves Slack's limits hold whatever the text.
        var notice = new Notice
        {
            EventId = "e1",
            Event = NotifyEvent.Opened,
            Fingerprint = "staging/database",
            Environment = "staging",
            Check = "database",
            Severity = Severity.P1,
            Status = "failing",
            Title = new string('t', 4_000),
            Headline = "<b>&" + new string('h', 6_000),
            ProbableCause = new string('c', 3_500),
            TopHint = new string('n', 3_500),
            Assertions = [.. Enumerable.Range(0, 80).Select(i => new NoticeAssertion($"json.items[{i}] < 1", new string('9', 3_200), null))],
            At = Now,
            FailingSince = Now,
            IssueUrl = IssueUrl,
        };

        var message = Serverless.Diag.Notifications.Payloads.SlackPayload.Build(notice);

        Assert.Equal(50, message.Blocks.Count);
        Assert.Equal(3_000, message.Text.Length);
        Assert.EndsWith("…", message.Text, StringComparison.Ordinal);
        Assert.Equal(150, message.Blocks[0].Text!.Text!.Length);
        var sections = message.Blocks.Where(b => b.Type == "section" && b.Text is not null).Select(b => b.Text!.Text!).ToList();
        Assert.All(sections, t => Assert.True(t.Length <= 3_000, $"{t.Length} characters"));
        Assert.Equal(3_000, sections[0].Length);
        Assert.StartsWith("&lt;b&gt;&amp;hhh", sections[0], StringComparison.Ordinal);
        Assert.EndsWith("…", sections[0], StringComparison.Ordinal);
        Assert.All(sections.Skip(1), t => Assert.EndsWith("…", t, StringComparison.Ordinal));
        Assert.Equal("actions", message.Blocks[^1].Type);
        Assert.Matches(@"^\d+ more failed assertion\(s\) not shown", ((Serverless.Diag.Notifications.Payloads.SlackText)message.Blocks[^2].Elements![0]).Text);
    }

    [Fact]
    public async Task Webhook_documents_are_signed_over_timestamp_and_body_and_verify_with_an_independent_hmac()
    {
        var notifier = Notifier(Channel("automation", ChannelType.Webhook) with { Secret = WebhookSecret });

        await OutageAsync(notifier);

        Assert.Equal(2, _receiver.Requests.Count);
        foreach (var request in _receiver.Requests)
        {
            var timestamp = request.Headers["X-Serverless-Diag-Timestamp"];
            var expected = "sha256=" + Convert.ToHexStringLower(IndependentHmacSha256(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body}")));
            Assert.Equal(expected, request.Headers["X-Serverless-Diag-Signature"]);
            Assert.NotEqual(expected, "sha256=" + Convert.ToHexStringLower(IndependentHmacSha256(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{request.Body} "))));
        }

        var opened = Json(_receiver.Requests[0]);
        Assert.Equal("serverless-diag.notification/v1", opened.GetProperty("schema").GetString());
        Assert.Equal("opened", opened.GetProperty("event").GetString());
        Assert.Equal("staging/database", opened.GetProperty("fingerprint").GetString());
        Assert.Equal("P1", opened.GetProperty("severity").GetString());
        Assert.Equal("failing", opened.GetProperty("status").GetString());
        Assert.Equal("connections.ratio < 80%", opened.GetProperty("assertions")[0].GetProperty("expression").GetString());
        Assert.Equal(IssueUrl.ToString(), opened.GetProperty("issue_url").GetString());
        Assert.Equal(opened.GetProperty("event_id").GetString(), _receiver.Requests[0].Headers["X-Serverless-Diag-Delivery"]);
        Assert.Equal("resolved", Json(_receiver.Requests[1]).GetProperty("status").GetString());
        AssertMatchesShippedSchema(opened);
        Assert.Empty(await ServiceSchemas.WebhookProblemsAsync(_receiver.Requests[0].Body));
        Assert.Empty(await ServiceSchemas.WebhookProblemsAsync(_receiver.Requests[1].Body));
    }

    [Theory]
    [InlineData("severities", "P0", false)]
    [InlineData("severities", "P1", true)]
    [InlineData("environments", "production", false)]
    [InlineData("environments", "staging", true)]
    [InlineData("checks", "api", false)]
    [InlineData("checks", "database", true)]
    [InlineData("tags", "db", true)]
    [InlineData("tags", "web", false)]
    public async Task Filters_decide_which_channels_hear_of_an_incident(string filter, string value, bool heard)
    {
        var channel = Channel("chat", ChannelType.Slack);
        channel = filter switch
        {
            "severities" => channel with { Severities = new HashSet<Severity> { Enum.Parse<Severity>(value) } },
            "environments" => channel with { Environments = new HashSet<string> { value } },
            "checks" => channel with { Checks = new HashSet<string> { value } },
            _ => channel with { Tags = new HashSet<string> { value } },
        };

        await OpenAsync(Notifier(channel), Severity.P1);

        Assert.Equal(heard ? 1 : 0, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Reminders_are_sent_only_to_channels_that_ask_for_them()
    {
        var quiet = Channel("quiet", ChannelType.Slack);
        var loud = Channel("loud", ChannelType.Webhook) with { Events = new HashSet<NotifyEvent> { NotifyEvent.Reminder } };
        var notifier = Notifier(quiet, loud);
        var machine = new IncidentStateMachine(new IncidentPolicy { RemindEvery = TimeSpan.FromHours(1) });
        var incident = Incident(Severity.P1);
        var open = machine.Failing(null, incident, Now).Next!;

        var reminder = machine.Failing(open, incident, Now.AddHours(2));
        var planned = notifier.Plan(reminder, new IncidentSubject(incident.Fingerprint, reminder.Next!, incident, IssueUrl));

        Assert.Equal(["loud"], planned.Select(p => p.Channel));
    }

    [Fact]
    public async Task A_500_then_success_is_delivered_once_within_the_run()
    {
        _receiver.Enqueue(500);
        var notifier = Notifier(Channel("oncall", ChannelType.PagerDuty));

        var delivered = await OpenAsync(notifier, Severity.P1);

        Assert.True(Assert.Single(delivered).Delivered);
        Assert.Equal([500, 202], _receiver.Requests.Select(r => r.AnsweredStatus));
        Assert.Single(_receiver.Accepted);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        _receiver.Enqueue(429, retryAfter: TimeSpan.FromSeconds(1));
        var notifier = Notifier(Channel("chat", ChannelType.Slack));

        var delivered = await OpenAsync(notifier, Severity.P1);

        Assert.True(Assert.Single(delivered).Delivered);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.True(_receiver.Requests[1].At - _receiver.Requests[0].At >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task A_receiver_that_hangs_is_left_for_the_next_run_which_delivers_it_exactly_once()
    {
        _receiver.Enqueue(200, hang: TimeSpan.FromSeconds(30));
        _receiver.Enqueue(200, hang: TimeSpan.FromSeconds(30));
        var options = new DeliveryOptions { AttemptTimeout = TimeSpan.FromMilliseconds(500), MaxAttempts = 2, FirstBackoff = TimeSpan.FromMilliseconds(10) };
        var notifier = Notifier(options, Channel("team", ChannelType.Teams));
        var incident = Incident(Severity.P1);
        var decision = new IncidentStateMachine(new IncidentPolicy()).Failing(null, incident, Now);
        var subject = new IncidentSubject(incident.Fingerprint, decision.Next!, incident, IssueUrl);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        var first = await notifier.DeliverAsync(notifier.Plan(decision, subject), subject, CancellationToken.None);
        var firstRun = elapsed.Elapsed;
        var second = await notifier.DeliverAsync(first, subject, CancellationToken.None);
        var third = await notifier.DeliverAsync(second, subject, CancellationToken.None);

        Assert.True(firstRun < TimeSpan.FromSeconds(10), $"the hanging receiver held the run for {firstRun}");
        var pending = Assert.Single(first);
        Assert.True(pending.IsDue);
        Assert.Equal(1, pending.Runs);
        Assert.Contains("no answer within", pending.LastError, StringComparison.Ordinal);
        Assert.True(Assert.Single(second).Delivered);
        Assert.Same(second[0], third[0]);
        Assert.Single(_receiver.Accepted);
    }

    [Fact]
    public async Task A_refusal_is_final_and_not_repeated()
    {
        _receiver.Enqueue(400);
        var notifier = Notifier(Channel("oncall", ChannelType.PagerDuty));

        var delivered = Assert.Single(await OpenAsync(notifier, Severity.P1));

        Assert.True(delivered.GaveUp);
        Assert.Contains("HTTP 400", delivered.LastError, StringComparison.Ordinal);
        var again = Assert.Single(await notifier.DeliverAsync([delivered], Subject(), CancellationToken.None));
        Assert.Same(delivered, again);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Secrets_never_reach_a_payload_or_a_log()
    {
        _receiver.Enqueue(500);
        _receiver.Enqueue(500);
        _receiver.Enqueue(500);
        var channels = new[]
        {
            Channel("oncall", ChannelType.PagerDuty),
            Channel("team", ChannelType.Teams),
            Channel("chat", ChannelType.Slack),
            Channel("automation", ChannelType.Webhook) with { Secret = WebhookSecret },
        };
        var notifier = Notifier(new DeliveryOptions { MaxAttempts = 1 }, channels);

        await OpenAsync(notifier, Severity.P1, [($"header == \"{Planted}\"", Planted)], headline: $"token {Planted} echoed", hint: $"rotate {Planted}");

        Assert.Equal(4, _receiver.Requests.Count);
        foreach (var request in _receiver.Requests)
        {
            Assert.DoesNotContain(Planted[..12], request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(WebhookSecret, request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(Planted)), request.Body, StringComparison.Ordinal);
        }

        Assert.NotEmpty(_log.Lines);
        foreach (var line in _log.Lines)
        {
            Assert.DoesNotContain(Planted[..12], line, StringComparison.Ordinal);
            Assert.DoesNotContain(RoutingKey[..12], line, StringComparison.Ordinal);
            Assert.DoesNotContain(_receiver.Url("/"), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dry_run_prints_what_would_be_sent_masked_and_sends_and_records_nothing()
    {
        var output = new StringWriter();
        var notifier = new Notifier(new NotifySettings([Channel("oncall", ChannelType.PagerDuty), Channel("chat", ChannelType.Slack)]), new HttpClient(), TimeProvider.System, _secrets, NullLogger<Notifier>.Instance, dryRun: output);

        var planned = await OpenAsync(notifier, Severity.P0, headline: $"leaks {Planted}");

        Assert.Empty(planned);
        Assert.Empty(_receiver.Requests);
        var text = output.ToString();
        Assert.Contains("notify oncall (pagerduty): opened staging/database -> POST", text, StringComparison.Ordinal);
        Assert.Contains("\"event_action\":\"trigger\"", text, StringComparison.Ordinal);
        Assert.Contains("notify chat (slack)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(RoutingKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Planted, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Url("/hooks/chat"), text, StringComparison.Ordinal);
    }

    private Notifier Notifier(params NotifyChannel[] channels) => Notifier(new DeliveryOptions { FirstBackoff = TimeSpan.FromMilliseconds(50) }, channels);

    private Notifier Notifier(DeliveryOptions options, params NotifyChannel[] channels) =>
        new(new NotifySettings(channels), new HttpClient(), TimeProvider.System, _secrets, _log, options);

    private NotifyChannel Channel(string name, ChannelType type) => type == ChannelType.PagerDuty
        ? new NotifyChannel { Name = name, Type = type, RoutingKey = RoutingKey, EventsUrl = new Uri(_receiver.Url("/v2/enqueue")) }
        : new NotifyChannel { Name = name, Type = type, Url = _receiver.Url($"/hooks/{name}") };

    private static FailingIncident Incident(Severity severity, (string, string)[]? failed = null, string? headline = null, string? hint = null)
    {
        failed ??= [("connections.ratio < 80%", "93%")];
        var check = new CheckReport
        {
            Name = "database",
            Type = "postgres",
            Environment = "staging",
            Status = CheckStatus.Fail,
            Severity = severity,
            Tags = ["db"],
            Assertions = [.. failed.Select(f => new AssertionResult(f.Item1, false, f.Item2, AssertionLevel.Fail))],
            Measurements = new Dictionary<string, object?> { ["connections.ratio"] = 0.93, ["connections.active"] = 90 },
            Hints = [hint ?? "Pool exhaustion: look at idle-in-transaction sessions."],
            Diagnosis = new Serverless.Diag.Diagnosis.CheckDiagnosis([new Serverless.Diag.Diagnosis.CauseCandidate("pool-exhaustion", "pool exhaustion", "connections.ratio 93%", [], [], "built-in", null)], []),
            Error = headline is null ? null : new Serverless.Diag.Probes.ProbeError(Serverless.Diag.Probes.ErrorCause.Protocol, headline),
        };
        return new FailingIncident(IncidentFingerprint.Of("staging", "database"), "staging", "database", check, [], severity, ObservationReader.FailingItems(check), MayOpen: true);
    }

    private static IncidentSubject Subject() => new("staging/database", new IncidentStateMachine(new IncidentPolicy()).Failing(null, Incident(Severity.P1), Now).Next!, Incident(Severity.P1), IssueUrl);

    private static async Task<IReadOnlyList<NotificationDelivery>> OpenAsync(Notifier notifier, Severity severity, (string, string)[]? failed = null, string? headline = null, string? hint = null)
    {
        var incident = Incident(severity, failed, headline, hint);
        var decision = new IncidentStateMachine(new IncidentPolicy()).Failing(null, incident, Now);
        var subject = new IncidentSubject(incident.Fingerprint, decision.Next!, incident, IssueUrl);
        return await notifier.DeliverAsync(notifier.Plan(decision, subject), subject, CancellationToken.None);
    }

    /// <summary>An acknowledged event on an open incident, as incident control from the issue (<c>/diag ack</c>) decides it.</summary>
    private static async Task<IReadOnlyList<NotificationDelivery>> AcknowledgeAsync(Notifier notifier, Severity severity)
    {
        var incident = Incident(severity);
        var open = new IncidentStateMachine(new IncidentPolicy()).Failing(null, incident, Now).Next!;
        var acknowledged = new IncidentDecision(incident.Fingerprint, IncidentAction.Update, open, [new IncidentEvent(IncidentEventKind.Acknowledged, incident.Fingerprint, Now.AddMinutes(3), severity)]);
        var subject = new IncidentSubject(incident.Fingerprint, open, incident, IssueUrl);
        return await notifier.DeliverAsync(notifier.Plan(acknowledged, subject), subject, CancellationToken.None);
    }

    private static async Task<(IReadOnlyList<NotificationDelivery> Opened, IReadOnlyList<NotificationDelivery> Closed)> OutageAsync(Notifier notifier)
    {
        var machine = new IncidentStateMachine(new IncidentPolicy { CloseAfter = 1 });
        var incident = Incident(Severity.P1);
        var open = machine.Failing(null, incident, Now);
        var openSubject = new IncidentSubject(incident.Fingerprint, open.Next!, incident, IssueUrl);
        var opened = await notifier.DeliverAsync(notifier.Plan(open, openSubject), openSubject, CancellationToken.None);
        var close = machine.Passing(incident.Fingerprint, open.Next!, Now.AddMinutes(5));
        var closeSubject = new IncidentSubject(incident.Fingerprint, close.Next!, null, IssueUrl);
        var closed = await notifier.DeliverAsync(notifier.Plan(close, closeSubject), closeSubject, CancellationToken.None);
        return (opened, closed);
    }

    private static JsonElement Json(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    /// <summary>Every property the shipped schema requires is present with its type (docs/notification.schema.json).</summary>
    private static void AssertMatchesShippedSchema(JsonElement document)
    {
        var schemaPath = Path.Combine(RepositoryRoot(), "docs", "notification.schema.json");
        using var schema = JsonDocument.Parse(File.ReadAllText(schemaPath));
        var properties = schema.RootElement.GetProperty("properties");
        foreach (var required in schema.RootElement.GetProperty("required").EnumerateArray().Select(r => r.GetString()!))
        {
            Assert.True(document.TryGetProperty(required, out var value), $"missing '{required}'");
            var type = properties.GetProperty(required).GetProperty("type");
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToList() : [type.GetString()];
            Assert.Contains(value.ValueKind switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Object => "object",
                JsonValueKind.Array => "array",
                JsonValueKind.Null => "null",
                _ => "other",
            }, types);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.Diag.sln")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }

    /// <summary>HMAC-SHA256 written out from RFC 2104 over SHA-256, independent of the product's HMACSHA256 call.</summary>
    private static byte[] IndependentHmacSha256(byte[] key, byte[] message)
    {
        const int block = 64;
        if (key.Length > block)
        {
            key = SHA256.HashData(key);
        }

        var padded = new byte[block];
        key.CopyTo(padded, 0);
        var inner = padded.Select(b => (byte)(b ^ 0x36)).Concat(message).ToArray();
        var outer = padded.Select(b => (byte)(b ^ 0x5c)).Concat(SHA256.HashData(inner)).ToArray();
        return SHA256.HashData(outer);
    }

    private sealed class RecordingLogger : ILogger<Notifier>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
