using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.GitHub;
using Serverless.Diag.Incidents;
using Serverless.Diag.IntegrationTests.Incidents;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Notifications.Delivery;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.Notifications;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Notifications;

/// <summary>
/// Notifications without GitHub: the incident lifecycle kept in a state store (a local directory; Azure Table Storage
/// through Azurite). Every run is a fresh process (new sink, new store object) on the same store.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StateStoreLifecycleTests(AzuriteFixture azurite, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string RoutingKey = "R0UTINGKEY-store-0123456789abcde";
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("diag-notify-state-");
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Without_github_an_outage_sends_one_trigger_and_one_resolve_with_the_same_dedup_key()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 2 });

        for (var run = 0; run < 6; run++)
        {
            await RunAsync(h, Failing("database"));
        }

        var passes = new List<IncidentSummary>();
        for (var run = 0; run < 3; run++)
        {
            passes.Add(await RunAsync(h, Passing("database")));
        }

        var events = _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e => Assert.Equal("staging/database", e.GetProperty("dedup_key").GetString()));
        Assert.False(events[0].TryGetProperty("links", out _));
        Assert.Equal([0, 1, 0], passes.Select(p => p.Closed));
        Assert.Empty(h.GitHub.Requests);
        var stored = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(Path.Combine(_directory.FullName, "incidents"))));
        Assert.DoesNotContain(RoutingKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(_receiver.Url("/"), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trigger_failing_a_whole_run_is_kept_pending_in_the_store_and_delivered_once_by_the_next_run()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        _receiver.Enqueue(500);
        _receiver.Enqueue(503);

        var first = await RunAsync(h, Failing("database"));

        Assert.Equal(1, first.Opened);
        Assert.Empty(first.Problems);
        Assert.Empty(_receiver.Accepted);
        var pending = Assert.Single((await Stored("staging/database")).Notifications);
        Assert.True(pending.IsDue);
        Assert.Equal("opened", pending.Event);
        Assert.Contains("HTTP 503", pending.LastError, StringComparison.Ordinal);

        await RunAsync(h, Failing("database"));
        await RunAsync(h, Failing("database"));

        Assert.Equal([500, 503, 202], _receiver.Requests.Select(r => r.AnsweredStatus));
        Assert.True(Assert.Single((await Stored("staging/database")).Notifications).Delivered);
    }

    [Fact]
    public async Task A_resolve_failing_a_whole_run_is_delivered_once_by_the_next_run_with_the_same_dedup_key()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1 });
        await RunAsync(h, Failing("database"));
        _receiver.Enqueue(500);
        _receiver.Enqueue(502);

        var closing = await RunAsync(h, Passing("database"));

        Assert.Equal(1, closing.Closed);
        Assert.Empty(closing.Problems);
        var owed = await Stored("staging/database");
        Assert.NotNull(owed.ClosedAt);
        Assert.Contains(owed.Notifications, d => d.Event == "resolved" && d.IsDue);

        await RunAsync(h, Passing("database"));
        await RunAsync(h, Passing("database"));

        Assert.Equal([202, 500, 502, 202], _receiver.Requests.Select(r => r.AnsweredStatus));
        var accepted = _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], accepted.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(accepted, e => Assert.Equal("staging/database", e.GetProperty("dedup_key").GetString()));
    }

    [Fact]
    public async Task Without_a_readable_store_nothing_is_sent_and_the_run_says_why()
    {
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"] });
        var blocked = Path.Combine(_directory.FullName, "not-a-directory");
        await File.WriteAllTextAsync(blocked, "a file where the store's folder should be");
        var sink = IncidentSinks.WithoutIssues(new LocalDirectoryStore(blocked, h.Clock), Notifier(), h.Settings, h.Clock, NullLoggerFactory.Instance, h.Secrets);

        h.Clock.Advance(IncidentHarness.RunInterval);
        var summary = await h.PublishAsync(Run(h.Clock.GetUtcNow(), Failing("database")), sink);

        Assert.Empty(_receiver.Requests);
        Assert.Contains(summary.Problems, p => p.Contains("notifications not sent this run", StringComparison.Ordinal));
    }

    [AzuriteFact]
    public async Task In_table_storage_the_lifecycle_is_shared_by_every_instance_and_a_failed_resolve_is_sent_once_later()
    {
        var connection = (await azurite.ServerAsync()).ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};";
        await using var h = await IncidentHarness.StartAsync(output, new GitHubSettings { Labels = ["incident"], CloseAfter = 1 });

        // Each run on another instance: its own store client on the same table.
        async Task<IncidentSummary> OnInstanceAsync(params Serverless.Diag.Reporting.CheckReport[] checks)
        {
            var sink = IncidentSinks.WithoutIssues(TableStores.Open(connection), Notifier(), h.Settings, h.Clock, NullLoggerFactory.Instance, h.Secrets);
            h.Clock.Advance(IncidentHarness.RunInterval);
            return await h.PublishAsync(Run(h.Clock.GetUtcNow(), checks), sink);
        }

        await OnInstanceAsync(Failing("database"));
        await OnInstanceAsync(Failing("database"));
        _receiver.Enqueue(500);
        _receiver.Enqueue(500);
        await OnInstanceAsync(Passing("database"));
        await OnInstanceAsync(Passing("database"));
        await OnInstanceAsync(Passing("database"));

        Assert.Equal([202, 500, 500, 202], _receiver.Requests.Select(r => r.AnsweredStatus));
        Assert.Equal(["trigger", "resolve"], _receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event_action").GetString()));
    }

    [Fact]
    public async Task The_functions_sink_factory_follows_the_store_lifecycle_when_github_is_not_configured()
    {
        var path = Path.Combine(_directory.FullName, "diag.yaml");
        await File.WriteAllTextAsync(path, """
            version: 1
            environments:
              staging: {}
            checks:
              - name: database
                type: http
                url: http://127.0.0.1:9/
            notify:
              - name: oncall
                type: pagerduty
                routing_key: ${env:PD_ROUTING_KEY}
                events_url: ${env:PD_EVENTS_URL}
            """);
        var config = new Serverless.Diag.Configuration.ConfigLoader(Serverless.Diag.Hosting.ProbeCatalog.CreateDefault()).Load(path);
        var settings = new Dictionary<string, string>
        {
            ["DIAG_STATE"] = Path.Combine(_directory.FullName, "state"),
            ["PD_ROUTING_KEY"] = RoutingKey,
            ["PD_EVENTS_URL"] = _receiver.Url("/v2/enqueue"),
        };
        await using var h = await IncidentHarness.StartAsync(output);

        // Two timer runs, each with the sink the worker builds per run (no GITHUB_TOKEN: no issues).
        for (var run = 0; run < 2; run++)
        {
            var sink = new Serverless.Diag.Hosting.Diagnosis.GitHubIncidentSinkFactory(h.Clock, NullLoggerFactory.Instance).Create(config, new Serverless.Diag.Secrets.SecretRedactor(), n => settings.GetValueOrDefault(n));
            Assert.NotNull(sink);
            h.Clock.Advance(IncidentHarness.RunInterval);
            await h.PublishAsync(Run(h.Clock.GetUtcNow(), Failing("database")), sink);
        }

        var trigger = JsonDocument.Parse(Assert.Single(_receiver.Accepted).Body).RootElement;
        Assert.Equal("trigger", trigger.GetProperty("event_action").GetString());
        Assert.Equal("staging/database", trigger.GetProperty("dedup_key").GetString());
        settings.Remove("DIAG_STATE");
        Assert.Null(new Serverless.Diag.Hosting.Diagnosis.GitHubIncidentSinkFactory(h.Clock, NullLoggerFactory.Instance).Create(config, new Serverless.Diag.Secrets.SecretRedactor(), n => settings.GetValueOrDefault(n)));
    }

    /// <summary>A run in a fresh process: a new store object on the same directory, a new sink and notifier.</summary>
    private async Task<IncidentSummary> RunAsync(IncidentHarness h, params Serverless.Diag.Reporting.CheckReport[] checks)
    {
        var sink = IncidentSinks.WithoutIssues(new LocalDirectoryStore(_directory.FullName, h.Clock), Notifier(), h.Settings, h.Clock, NullLoggerFactory.Instance, h.Secrets);
        h.Clock.Advance(IncidentHarness.RunInterval);
        return await h.PublishAsync(Run(h.Clock.GetUtcNow(), checks), sink);
    }

    private async Task<IncidentState> Stored(string fingerprint)
    {
        IIncidentStateStore store = new LocalDirectoryStore(_directory.FullName, TimeProvider.System);
        return (await store.LoadAsync("lifecycle", [fingerprint], CancellationToken.None))[fingerprint];
    }

    // The system clock for delivery (real receiver, real timeouts); the harness clock drives the lifecycle.
    private Notifier Notifier() => new(
        new NotifySettings([new NotifyChannel { Name = "oncall", Type = ChannelType.PagerDuty, RoutingKey = RoutingKey, EventsUrl = new Uri(_receiver.Url("/v2/enqueue")) }]),
        Notifiers.CreateHttpClient(),
        TimeProvider.System,
        new Serverless.Diag.Secrets.SecretRedactor(),
        NullLogger<Notifier>.Instance,
        new DeliveryOptions { MaxAttempts = 2, FirstBackoff = TimeSpan.FromMilliseconds(20) });
}
