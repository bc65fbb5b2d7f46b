using System.Text.Json;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.IntegrationTests.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;
using Serverless.Diag.TestKit.Notifications;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Silences;

/// <summary>
/// A maintenance window opening in the middle of an outage, through the real GitHub sink and fake GitHub, with a real
/// notification receiver: one "in maintenance" comment, no escalation or notification inside, normal rules after it.
/// </summary>
public sealed class MaintenanceScenarioTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_window_opening_mid_outage_comments_once_holds_escalation_and_notifications_and_the_rules_resume_after_it()
    {
        var settings = new GitHubSettings { Labels = ["incident"], EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P1] = TimeSpan.FromMinutes(30) } };
        await using var h = await IncidentHarness.StartAsync(output, settings);
        var chat = new NotifyChannel { Name = "chat", Type = ChannelType.Webhook, Url = _receiver.Url("/hooks/chat"), Events = new HashSet<NotifyEvent> { NotifyEvent.Opened, NotifyEvent.Escalated, NotifyEvent.Reminder } };
        h.Sink = h.NewSink(notifier: h.NewNotifier([chat]));

        // Start 09:00; runs every 5 minutes. The window: 09:10 to 10:10.
        var windows = new ConfigLoader(new Serverless.Diag.Probes.ProbeRegistry(Serverless.Diag.Probes.BuiltInProbes.Create())).Parse("""
            version: 1
            maintenance:
              - name: db-patching
                start: 2026-11-23T09:10:00Z
                end: 2026-11-23T10:10:00Z
                checks: [database]
            checks:
              - name: database
                type: tcp
                host: 127.0.0.1
                port: 5432
            """, "diag.yaml").Maintenance;
        var severities = new List<string>();
        for (var run = 0; run < 24; run++)
        {
            h.Clock.Advance(IncidentHarness.RunInterval);
            var now = h.Clock.GetUtcNow();
            await h.PublishAsync(SilenceRules.Apply(Run(now, Failing("database")), windows, [], now));
            severities.Add($"{now:HH:mm} {h.GitHub.Issues.Single().Labels.Single(l => l.StartsWith("severity:", StringComparison.Ordinal))}");
        }

        var issue = Assert.Single(h.GitHub.Issues);
        var comments = issue.Comments.Select(c => c.Body).ToList();
        Assert.Single(comments, c => c.Contains("**In maintenance** until 2026-11-23 10:10 UTC: window `db-patching`", StringComparison.Ordinal));

        // Opened P1 at 09:05; 30 minutes later is inside the window; the clock restarts at 10:10: P0 at 10:40.
        Assert.Equal("10:35 severity:P1", severities.Single(s => s.StartsWith("10:35", StringComparison.Ordinal)));
        Assert.Equal("10:40 severity:P0", severities.Single(s => s.StartsWith("10:40", StringComparison.Ordinal)));
        Assert.Equal(2, comments.Count);
        Assert.Contains("Escalated", comments[1], StringComparison.OrdinalIgnoreCase);

        var sent = _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Equal(["opened", "escalated"], sent);
    }
}
