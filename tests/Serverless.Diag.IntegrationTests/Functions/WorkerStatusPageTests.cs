using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The published worker's timer, driven over the host protocol, publishes the status page after each run: with a
/// directory store in DIAG_STATE the page goes to the Function App's own account (AzureWebJobsStorage, here Azurite).
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class WorkerStatusPageTests(PackagedApp package) : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("diag-worker-page-").FullName;
    private volatile bool _healthy = true;
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() => _target = await KestrelTarget.StartAsync(app =>
        app.MapGet("/health", () => _healthy ? Results.Text("ok") : Results.Text("maintenance page", statusCode: 502)));

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [AzuriteFact]
    public async Task Each_timer_run_republishes_the_page_to_the_apps_storage_account()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var config = $"""
            version: 1
            status_page:
              publish: true
            environments:
              production: {"{}"}
            checks:
              - name: storefront
                type: http
                url: {_target.Url("/health")}
                timeout: 60s
                expect: [status == 200]
            """;
        var settings = new Dictionary<string, string?> { ["DIAG_STATE"] = _state, ["AzureWebJobsStorage"] = azurite.ConnectionString };
        await using var worker = await PublishedWorker.StartAsync(package, config, settings);
        var web = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("$web");

        var first = await worker.TimerAsync();
        var healthy = (await web.GetBlobClient("index.html").DownloadContentAsync()).Value.Content.ToString();
        _healthy = false;
        var second = await worker.TimerAsync();
        var failing = (await web.GetBlobClient("index.html").DownloadContentAsync()).Value.Content.ToString();

        Assert.True(first.Succeeded, first.FailureMessage);
        Assert.True(second.Succeeded, second.FailureMessage);
        Assert.Contains("<h2 id=\"environment-0\">production</h2>", healthy, StringComparison.Ordinal);
        Assert.Contains("<h3>storefront</h3><span class=\"status status-up\">Operational</span>", healthy, StringComparison.Ordinal);
        Assert.Contains("<h3>storefront</h3><span class=\"status status-down\">Failing</span>", failing, StringComparison.Ordinal);
        Assert.Contains("storefront is failing", failing, StringComparison.Ordinal);
        Assert.Contains(worker.Host.Logs, l => l.Level == LogLevel.Information && l.Message.StartsWith($"status page published to $web at 127.0.0.1:{azurite.BlobPort}", StringComparison.Ordinal));
        Assert.DoesNotContain(worker.Host.Logs, l => l.Message.Contains(AzuriteServer.AccountKey, StringComparison.Ordinal));
        Assert.DoesNotContain(AzuriteServer.AccountKey, worker.Host.Output, StringComparison.Ordinal);
    }
}
