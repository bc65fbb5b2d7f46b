using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Cli.Commands.Serve;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Scheduling;
using Serverless.Diag.IntegrationTests.ApplicationInsights;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.Servers;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.History;

/// <summary>
/// <c>status_page.publish: true</c> through the scheduled run the Functions timer and <c>serve</c> share: a real Kestrel
/// target, the state in Azurite's table service, the page read back from Azurite's <c>$web</c> container after each run.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StatusPageTimerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private volatile bool _healthy = true;
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() => _target = await KestrelTarget.StartAsync(app =>
        app.MapGet("/health", () => _healthy ? Results.Text("ok") : Results.Text("database unavailable", statusCode: 503)));

    public async Task DisposeAsync() => await _target.DisposeAsync();

    [AzuriteFact]
    public async Task Each_scheduled_run_republishes_the_page_with_the_checks_current_status()
    {
        var server = await azurite.ServerAsync();
        var web = await EmptyWebContainerAsync(server.ConnectionString);
        var environment = "staging-" + Guid.NewGuid().ToString("N")[..6];
        var env = new Dictionary<string, string?>
        {
            // No DIAG_STATUS_PAGE_STORAGE: the table store's account comes before AzureWebJobsStorage (which goes nowhere).
            ["DIAG_STATE"] = server.ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};",
            ["AzureWebJobsStorage"] = Unreachable(),
        };
        await using var serve = await ServeAsync(Config(environment), env);

        var first = await serve.Runner.RunAsync(Trigger, CancellationToken.None);
        var healthyPage = await ReadIndexAsync(web);

        _healthy = false;
        var second = await serve.Runner.RunAsync(Trigger, CancellationToken.None);
        var failingPage = await ReadIndexAsync(web);

        Assert.StartsWith("pass:", first, StringComparison.Ordinal);
        Assert.Contains($"status page published to $web at 127.0.0.1:{server.BlobPort}", first, StringComparison.Ordinal);
        Assert.Contains("<title>Acme status</title>", healthyPage, StringComparison.Ordinal);
        Assert.Contains($"<h2 id=\"environment-0\">{environment}</h2>", healthyPage, StringComparison.Ordinal);
        Assert.Contains(CheckHead("Operational", "up"), healthyPage, StringComparison.Ordinal);
        Assert.Contains("All checks operational", healthyPage, StringComparison.Ordinal);
        Assert.Contains("No open incidents.", healthyPage, StringComparison.Ordinal);

        // The second run's page, not the first one's again: the check is failing and has an open incident.
        Assert.StartsWith("fail:", second, StringComparison.Ordinal);
        Assert.Contains("status page published", second, StringComparison.Ordinal);
        Assert.Contains(CheckHead("Failing", "down"), failingPage, StringComparison.Ordinal);
        Assert.Contains("Some checks are failing", failingPage, StringComparison.Ordinal);
        Assert.Contains("api-health is failing", failingPage, StringComparison.Ordinal);
        Assert.DoesNotContain(CheckHead("Operational", "up"), failingPage, StringComparison.Ordinal);

        var css = await web.GetBlobClient("status.css").GetPropertiesAsync();
        Assert.Equal("text/css; charset=utf-8", css.Value.ContentType);
        Assert.DoesNotContain(AzuriteServer.AccountKey, first + second + string.Join('\n', serve.Logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
    }

    [AzuriteFact]
    public async Task DIAG_STATUS_PAGE_STORAGE_wins_over_the_table_stores_account()
    {
        var state = await azurite.ServerAsync();
        await using var pages = await AzuriteServer.StartAsync();
        var stateWeb = await EmptyWebContainerAsync(state.ConnectionString);
        var env = new Dictionary<string, string?>
        {
            ["DIAG_STATE"] = state.ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};",
            ["DIAG_STATUS_PAGE_STORAGE"] = pages.ConnectionString,
        };
        await using var serve = await ServeAsync(Config("production"), env);

        var summary = await serve.Runner.RunAsync(Trigger, CancellationToken.None);

        Assert.Contains($"status page published to $web at 127.0.0.1:{pages.BlobPort}", summary, StringComparison.Ordinal);
        var page = await ReadIndexAsync(new BlobServiceClient(pages.ConnectionString).GetBlobContainerClient("$web"));
        Assert.Contains("<h2 id=\"environment-0\">production</h2>", page, StringComparison.Ordinal);
        Assert.False(await stateWeb.GetBlobClient("index.html").ExistsAsync(), "the page went to DIAG_STATE's account as well");
    }

    [AzuriteFact]
    public async Task A_storage_account_that_cannot_be_reached_fails_the_publishing_not_the_run()
    {
        var server = await azurite.ServerAsync();
        var table = AzuriteFixture.UniqueTableName();
        var env = new Dictionary<string, string?>
        {
            ["DIAG_STATE"] = server.ConnectionString + $"TableName={table};",
            ["DIAG_STATUS_PAGE_STORAGE"] = Unreachable(),
        };
        await using var serve = await ServeAsync(Config("staging"), env);

        var summary = await serve.Runner.RunAsync(Trigger, CancellationToken.None);

        Assert.StartsWith("pass: 1 check(s)", summary, StringComparison.Ordinal);
        Assert.Contains("status page: not published (", summary, StringComparison.Ordinal);
        Assert.Contains(serve.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.StartsWith("status page: not published (", StringComparison.Ordinal));
        Assert.DoesNotContain(AzuriteServer.AccountKey, summary + string.Join('\n', serve.Logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);

        // The run itself was recorded: the diagnosis did not depend on the page.
        var store = Serverless.Diag.AzureStorage.TableStores.Open(server.ConnectionString + $"TableName={table};");
        var history = await store.ReadHistoryAsync("staging", null, DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(Serverless.Diag.Reporting.CheckStatus.Pass, Assert.Single(history).Status);
    }

    [AzuriteFact]
    public async Task A_store_whose_clock_is_ahead_of_the_hosts_still_gets_the_run_just_made_on_the_page()
    {
        // The directory store stamps its rows by the file system's clock; this host's clock is 3 minutes behind it, as an
        // instance may be behind its storage account. The page must show the run just made, never the one before it.
        var server = await azurite.ServerAsync();
        var web = await EmptyWebContainerAsync(server.ConnectionString);
        var state = Directory.CreateTempSubdirectory("diag-status-skew-").FullName;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow() - TimeSpan.FromMinutes(3));
        var env = new Dictionary<string, string?> { ["DIAG_STATE"] = state, ["DIAG_STATUS_PAGE_STORAGE"] = server.ConnectionString };
        try
        {
            await using var serve = await ServeAsync(Config("staging"), env, time);

            await serve.Runner.RunAsync(Trigger, CancellationToken.None);
            var healthyPage = await ReadIndexAsync(web);
            _healthy = false;
            time.Advance(TimeSpan.FromSeconds(30));
            await serve.Runner.RunAsync(Trigger, CancellationToken.None);
            var failingPage = await ReadIndexAsync(web);

            Assert.Contains(CheckHead("Operational", "up"), healthyPage, StringComparison.Ordinal);
            Assert.Contains(CheckHead("Failing", "down"), failingPage, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static ScheduleTrigger Trigger { get; } = new(false, null, null);

    private string Config(string environment) => $"""
        version: 1
        status_page:
          title: Acme status
          publish: true
        environments:
          {environment}: {"{}"}
        checks:
          - name: api-health
            type: http
            url: {_target.Url("/health")}
            timeout: 30s
            expect: [status == 200]
        """;

    private static string CheckHead(string words, string css) =>
        $"<div class=\"check-head\"><h3>api-health</h3><span class=\"status status-{css}\">{words}</span></div>";

    /// <summary>A storage account on a loopback port nobody listens on.</summary>
    private static string Unreachable() =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{FreePort.Next()}/{AzuriteServer.AccountName};";

    /// <summary>The collection's Azurite is shared: a page left by another test must not pass for this run's.</summary>
    private static async Task<BlobContainerClient> EmptyWebContainerAsync(string connectionString)
    {
        var web = new BlobServiceClient(connectionString).GetBlobContainerClient("$web");
        if (await web.ExistsAsync())
        {
            await web.GetBlobClient("index.html").DeleteIfExistsAsync();
            await web.GetBlobClient("status.css").DeleteIfExistsAsync();
        }

        return web;
    }

    private static async Task<string> ReadIndexAsync(BlobContainerClient web)
    {
        var index = await web.GetBlobClient("index.html").DownloadContentAsync();
        Assert.Equal("text/html; charset=utf-8", index.Value.Details.ContentType);
        return index.Value.Content.ToString();
    }

    private static async Task<Serve> ServeAsync(string yaml, Dictionary<string, string?> env, TimeProvider? time = null)
    {
        var directory = Directory.CreateTempSubdirectory("diag-status-timer-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "diag.yaml"), yaml);

        // serve's own scheduler stays out of the way (once a year): the runs are the test's.
        env.TryAdd("DIAG_SCHEDULE", "0 0 0 1 1 *");
        var logs = new RecordingLoggerProvider();
        var settings = DiagnosisSettings.From(n => env.GetValueOrDefault(n), directory);
        var app = ServeHost.Create(settings, ["http://127.0.0.1:0"], apiKey: null, n => env.GetValueOrDefault(n), new ServeHostOptions { Logs = logs, Time = time });
        await app.StartAsync(CancellationToken.None);
        return new Serve(app, directory, logs);
    }

    private sealed class Serve(ServeHost app, string directory, RecordingLoggerProvider logs) : IAsyncDisposable
    {
        public ScheduledDiagnosisRunner Runner => app.Runner;

        public RecordingLoggerProvider Logs => logs;

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
