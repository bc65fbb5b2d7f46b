using System.Globalization;
using System.Net;
using System.Text.Json;
using Serverless.Diag.Silences;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.FunctionsHost;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The published worker's timer, driven over the host protocol, inside a maintenance window from diag.yaml and an ad
/// hoc silence in DIAG_STATE: the silenced checks still run and are reported with their real status, and no incident
/// opens and no notification goes out for them, while an unsilenced failing check opens and notifies as usual, until a
/// <c>/diag snooze</c> in its issue silences it too, in the report of the run that reads it.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class WorkerSilenceTests(PackagedApp package) : IAsyncLifetime
{
    private const string Token = "ghs_workerSilenceToken0123456789abc";
    private readonly string _state = Directory.CreateTempSubdirectory("diag-worker-silence-").FullName;
    private IncidentServers _servers = null!;

    public async Task InitializeAsync() => _servers = await IncidentServers.StartAsync();

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task The_timer_honours_a_maintenance_window_and_a_stored_silence_no_incident_and_no_notification_for_their_checks()
    {
        var now = TimeProvider.System.GetUtcNow();
        static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var config = $$"""
            version: 1
            github:
              labels: [incident]
            notify:
              - name: automation
                type: webhook
                url: ${env:HOOK_URL}
            maintenance:
              - name: db-migration
                start: {{Iso(now.AddHours(-1))}}
                end: {{Iso(now.AddHours(2))}}
                checks: [database]
            environments:
              production:
                vars: { base: "{{_servers.Target.BaseUrl}}" }
            checks:
              - name: database
                type: http
                url: ${base}/broken/health
                expect: [status == 200]
              - name: orders-api
                type: http
                url: ${base}/broken/health
                expect: [status == 200]
              - name: payments
                type: http
                url: ${base}/broken/health
                expect: [status == 200]
            """;
        await new LocalDirectoryStore(_state).AddSilenceAsync(
            new Silence("cafe0001", "production", ["orders-api"], [], now, now.AddHours(1), "deploy 1.4.2", UntilPass: false, CreatedBy: "cli"), now, CancellationToken.None);
        var settings = _servers.Settings(Token);
        settings["DIAG_STATE"] = _state;
        await using var worker = await PublishedWorker.StartAsync(package, config, settings);

        var first = await worker.TimerAsync(TimerPayloads.FirstRun(now.UtcDateTime));
        var second = await worker.TimerAsync();
        var (response, _) = await worker.DiagnoseAsync("/api/diagnose?env=production");

        Assert.True(first.Succeeded, first.FailureMessage);
        Assert.True(second.Succeeded, second.FailureMessage);

        // Only the unsilenced check has an incident and a notification; the silenced ones ran (6 timer requests + 3 on demand).
        var issue = Assert.Single(_servers.GitHub.Issues);
        Assert.Contains("payments", issue.Title, StringComparison.Ordinal);
        var events = _servers.Receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["production/payments"], events.Select(e => e.GetProperty("fingerprint").GetString()).Distinct());
        Assert.Equal(9, _servers.Target.Requests);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("environments")[0].GetProperty("checks")
            .EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
        Assert.All(checks.Values, c => Assert.Equal("fail", c.GetProperty("status").GetString()));
        Assert.Equal("maintenance", checks["database"].GetProperty("silenced").GetProperty("kind").GetString());
        Assert.Equal("db-migration", checks["database"].GetProperty("silenced").GetProperty("name").GetString());
        Assert.Equal("silence", checks["orders-api"].GetProperty("silenced").GetProperty("kind").GetString());
        Assert.Equal("cafe0001", checks["orders-api"].GetProperty("silenced").GetProperty("name").GetString());
        Assert.Equal("deploy 1.4.2", checks["orders-api"].GetProperty("silenced").GetProperty("reason").GetString());
        Assert.False(checks["payments"].TryGetProperty("silenced", out _));

        // On-call snoozes the payments incident: the next run that files incidents reads it and its report shows it.
        _servers.GitHub.AddComment(issue.Number, "/diag snooze 30m", "carol", "MEMBER");
        var (filed, _) = await worker.DiagnoseAsync("/api/diagnose?env=production&file_issues=true");
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var payments = JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement.GetProperty("environments")[0].GetProperty("checks")
            .EnumerateArray().Single(c => c.GetProperty("name").GetString() == "payments");
        Assert.Equal("snooze", payments.GetProperty("silenced").GetProperty("kind").GetString());
        var snooze = Assert.Single(await new LocalDirectoryStore(_state).ListSilencesAsync(CancellationToken.None), s => s.Kind == "snooze");
        Assert.Equal((payments.GetProperty("silenced").GetProperty("name").GetString(), "payments"), (snooze.Id, Assert.Single(snooze.Checks)));
        Assert.Single(_servers.GitHub.Issues);
        Assert.Equal(["production/payments"], _servers.Receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("fingerprint").GetString()).Distinct());
    }
}
