using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Hosting;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.Console;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.State.Local;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.IntegrationTests.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.TestKit.Notifications;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Silences;

/// <summary><c>/diag</c> commands in incident comments, through Octokit and the GitHub-compatible test server, with author_association.</summary>
public sealed class CommentCommandTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _store = Directory.CreateTempSubdirectory("diag-commands-").FullName;
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Directory.Delete(_store, recursive: true);
    }

    private static GitHubSettings Settings() => new()
    {
        Labels = ["incident"],
        EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P1] = TimeSpan.FromMinutes(20), [Severity.P0] = TimeSpan.FromMinutes(20) },
    };

    private async Task<IncidentHarness> OpenIncidentAsync(params NotifyEvent[] events)
    {
        var h = await IncidentHarness.StartAsync(output, Settings());
        if (events.Length > 0)
        {
            var chat = new NotifyChannel { Name = "chat", Type = ChannelType.Webhook, Url = _receiver.Url("/hooks/chat"), Events = new HashSet<NotifyEvent>(events) };
            h.Sink = h.NewSink(notifier: h.NewNotifier([chat]));
        }

        await h.RunAsync(Failing("database"));
        return h;
    }

    private static FakeIssue Issue(IncidentHarness h) => Assert.Single(h.GitHub.Issues);

    private static string SeverityLabel(IncidentHarness h) => Issue(h).Labels.Single(l => l.StartsWith("severity:", StringComparison.Ordinal));

    [Fact]
    public async Task Ack_from_a_member_reacts_once_marks_the_status_stops_escalation_and_notifies_acknowledged()
    {
        await using var h = await OpenIncidentAsync(NotifyEvent.Acknowledged, NotifyEvent.Escalated);
        var ack = h.GitHub.AddComment(Issue(h).Number, "/diag ack\nlooking at it", "alice", "MEMBER");

        for (var run = 0; run < 12; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        Assert.Equal([("+1", FakeGitHubServer.TokenUser)], ack.Reactions);
        Assert.Contains("**Status:** ACKNOWLEDGED by @\u200Balice at 2026-11-23 09:10 UTC", Issue(h).Body, StringComparison.Ordinal);
        Assert.Equal("severity:P1", SeverityLabel(h));
        Assert.DoesNotContain(Issue(h).Comments, c => c.Login == FakeGitHubServer.TokenUser);
        var sent = _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Equal(["acknowledged"], sent);
    }

    [Fact]
    public async Task A_command_from_a_none_author_is_ignored_and_said_once_and_a_malformed_one_gets_the_syntax_without_echo()
    {
        await using var h = await OpenIncidentAsync();
        var stranger = h.GitHub.AddComment(Issue(h).Number, "/diag resolve", "mallory", "NONE");
        var typo = h.GitHub.AddComment(Issue(h).Number, "/diag snooze forever <img src=x onerror=alert(1)> @everyone", "bob", "COLLABORATOR");

        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));

        Assert.True(Issue(h).IsOpen);
        Assert.Empty(stranger.Reactions);
        Assert.Empty(typo.Reactions);
        var reply = Assert.Single(Issue(h).Comments, c => c.Login == FakeGitHubServer.TokenUser).Body;
        Assert.Contains("Ignored `/diag` command(s) from @\u200Bmallory", reply, StringComparison.Ordinal);
        Assert.Contains("Syntax: `/diag ack` · `/diag snooze 2h` · `/diag resolve` · `/diag severity P1`", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("forever", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snooze_from_a_collaborator_silences_this_check_for_the_duration_then_escalation_resumes()
    {
        await using var h = await OpenIncidentAsync();
        h.GitHub.AddComment(Issue(h).Number, "/diag snooze 1h", "carol", "COLLABORATOR");
        var severities = new List<string>();
        for (var run = 0; run < 20; run++)
        {
            await h.RunAsync(Failing("database"));
            severities.Add($"{h.Clock.GetUtcNow():HH:mm} {SeverityLabel(h)}");
        }

        // Opened 09:05 P1; snoozed at 09:10 until 10:10; escalation (20m) counts from 10:10: P0 at 10:30.
        var snoozed = Assert.Single(Issue(h).Comments, c => c.Body.Contains("**Snoozed** until 2026-11-23 10:10 UTC by @\u200Bcarol", StringComparison.Ordinal));
        Assert.Equal("10:25 severity:P1", severities.Single(s => s.StartsWith("10:25", StringComparison.Ordinal)));
        Assert.Equal("10:30 severity:P0", severities.Single(s => s.StartsWith("10:30", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Resolve_from_the_owner_closes_now_and_only_a_failure_after_a_pass_reopens()
    {
        await using var h = await OpenIncidentAsync();
        h.GitHub.AddComment(Issue(h).Number, "/diag resolve", "olivia", "OWNER");

        await h.RunAsync(Failing("database"));
        Assert.False(Issue(h).IsOpen);
        Assert.Contains(Issue(h).Comments, c => c.Body.StartsWith("**Resolved** by @\u200Bolivia with `/diag resolve`", StringComparison.Ordinal));

        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));
        Assert.False(Assert.Single(h.GitHub.Issues).IsOpen);

        await h.RunAsync(Passing("database"));
        await h.RunAsync(Failing("database"));
        Assert.True(Assert.Single(h.GitHub.Issues).IsOpen);
    }

    [Fact]
    public async Task Severity_from_a_member_sets_the_label_at_once_and_escalation_leaves_it()
    {
        await using var h = await OpenIncidentAsync();
        var command = h.GitHub.AddComment(Issue(h).Number, "/diag severity p3", "dave", "MEMBER");

        for (var run = 0; run < 10; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        Assert.Equal("severity:P3", SeverityLabel(h));
        Assert.Single(command.Reactions);
        Assert.Contains("Severity set to P3 by @\u200Bdave", Issue(h).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silenced_label_is_an_open_ended_snooze_until_it_is_removed()
    {
        await using var h = await OpenIncidentAsync();
        Issue(h).Labels.Add("silenced");
        for (var run = 0; run < 10; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        Assert.Equal("severity:P1", SeverityLabel(h));
        Assert.Single(Issue(h).Comments, c => c.Body.Contains("**Silenced** by the `silenced` label until it is removed", StringComparison.Ordinal));

        Issue(h).Labels.Remove("silenced");
        for (var run = 0; run < 5; run++)
        {
            await h.RunAsync(Failing("database"));
        }

        Assert.Equal("severity:P0", SeverityLabel(h));
    }

    [Fact]
    public async Task A_snooze_marks_the_check_in_the_report_of_the_run_that_reads_it_passing_or_not_and_is_stored_once_as_a_silence()
    {
        await using var h = await OpenIncidentAsync();
        var store = new LocalDirectoryStore(_store, h.Clock);
        h.GitHub.AddComment(Issue(h).Number, "/diag snooze 30m", "carol", "COLLABORATOR");

        h.Clock.Advance(IncidentHarness.RunInterval);
        var now = h.Clock.GetUtcNow();
        var report = Run(now, Passing("database"), Passing("cache"));
        var marked = await IncidentSilences.ApplyAsync(report, await h.PublishAsync(report), store, h.Clock, NullLogger.Instance, CancellationToken.None);

        var mark = marked.AllChecks.Single(c => c.Name == "database").Silenced;
        Assert.NotNull(mark);
        Assert.Equal((SilenceMark.Snooze, now.AddMinutes(30)), (mark.Kind, mark.Until));
        Assert.Null(marked.AllChecks.Single(c => c.Name == "cache").Silenced);
        var stored = Assert.Single(await store.ListSilencesAsync(CancellationToken.None));
        Assert.Equal((mark.Name, SilenceMark.Snooze, "staging", "database"), (stored.Id, stored.Kind, stored.Environment, Assert.Single(stored.Checks)));

        using (var json = JsonDocument.Parse(JsonReportWriter.ToJson(marked)))
        {
            var database = json.RootElement.GetProperty("environments")[0].GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
            Assert.Equal("pass", database.GetProperty("status").GetString());
            Assert.Equal("snooze", database.GetProperty("silenced").GetProperty("kind").GetString());
            Assert.Equal(mark.Name, database.GetProperty("silenced").GetProperty("name").GetString());
        }

        var text = new StringWriter();
        new ConsoleReportWriter(text, useColor: false).Write(marked);
        Assert.Contains($"[silenced: snooze {mark.Name} until 2026-11-23 09:40 UTC]", text.ToString(), StringComparison.Ordinal);
        Assert.Contains($"🔕 silenced: snooze {mark.Name} until 2026-11-23 09:40 UTC", MarkdownReportWriter.ToMarkdown(marked), StringComparison.Ordinal);

        // The next run reads the stored snooze before it files: the same mark, nothing stored twice, no second comment.
        h.Clock.Advance(IncidentHarness.RunInterval);
        var next = Serverless.Diag.Silences.SilenceRules.Apply(Run(h.Clock.GetUtcNow(), Failing("database")), [], await store.ListSilencesAsync(CancellationToken.None), h.Clock.GetUtcNow());
        Assert.Equal(mark, next.AllChecks.Single().Silenced);
        var again = await IncidentSilences.ApplyAsync(next, await h.PublishAsync(next), store, h.Clock, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(mark, again.AllChecks.Single().Silenced);
        Assert.Single(await store.ListSilencesAsync(CancellationToken.None));
        Assert.Single(Issue(h).Comments, c => c.Body.Contains("**Snoozed**", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_silenced_label_marks_the_check_open_ended_in_the_report_without_storing_anything()
    {
        await using var h = await OpenIncidentAsync();
        var store = new LocalDirectoryStore(_store, h.Clock);
        Issue(h).Labels.Add("silenced");

        h.Clock.Advance(IncidentHarness.RunInterval);
        var report = Run(h.Clock.GetUtcNow(), Failing("database"));
        var marked = await IncidentSilences.ApplyAsync(report, await h.PublishAsync(report), store, h.Clock, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(new SilenceMark(SilenceMark.Label, "silenced", null), marked.AllChecks.Single().Silenced);
        using var json = JsonDocument.Parse(JsonReportWriter.ToJson(marked));
        var silenced = json.RootElement.GetProperty("environments")[0].GetProperty("checks")[0].GetProperty("silenced");
        Assert.Equal("label", silenced.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, silenced.GetProperty("until").ValueKind);
        Assert.Contains("🔕 silenced: label silenced until removed", MarkdownReportWriter.ToMarkdown(marked), StringComparison.Ordinal);
        Assert.Empty(await store.ListSilencesAsync(CancellationToken.None));

        Issue(h).Labels.Remove("silenced");
        h.Clock.Advance(IncidentHarness.RunInterval);
        var after = Run(h.Clock.GetUtcNow(), Failing("database"));
        Assert.Null((await IncidentSilences.ApplyAsync(after, await h.PublishAsync(after), store, h.Clock, NullLogger.Instance, CancellationToken.None)).AllChecks.Single().Silenced);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_hold_after_resolve_is_lifted_by_a_pass_another_process_saw_when_they_share_a_store(bool shared)
    {
        await using var h = await IncidentHarness.StartAsync(output, Settings());
        IIncidentStateStore Store() => shared ? new LocalDirectoryStore(_store, h.Clock) : new InMemoryIncidentStateStore();
        var a = h.NewSink(Store());
        var b = h.NewSink(Store());
        h.Sink = a;
        await h.RunAsync(Failing("database"));
        h.GitHub.AddComment(Issue(h).Number, "/diag resolve", "olivia", "OWNER");
        await h.RunAsync(Failing("database"));
        Assert.False(Issue(h).IsOpen);

        h.Sink = b;
        await h.RunAsync(Passing("database"));
        h.Sink = a;
        await h.RunAsync(Failing("database"));

        // Without a shared store the process that resolved never learns of the pass: it keeps the incident closed.
        Assert.Equal(shared, Issue(h).IsOpen);
    }
}
