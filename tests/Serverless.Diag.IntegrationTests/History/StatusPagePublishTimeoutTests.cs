using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Cli.Commands.Serve;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Scheduling;
using Serverless.Diag.IntegrationTests.ApplicationInsights;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.History;

/// <summary>
/// A storage account that accepts the connection and never answers (a real loopback listener): the status page is
/// abandoned once its overall time is up, on the host's clock, and the scheduled run still ends with its summary.
/// </summary>
public sealed class StatusPagePublishTimeoutTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KestrelTarget _target = null!;
    private RawSocketServer _silent = null!;

    public async Task InitializeAsync()
    {
        _target = await KestrelTarget.StartAsync(app => app.MapGet("/health", () => Results.Text("ok")));
        _silent = new RawSocketServer(async (_, stop) =>
        {
            _accepted.TrySetResult();
            await Task.Delay(Timeout.Infinite, stop);
        });
    }

    public async Task DisposeAsync()
    {
        await _silent.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task A_storage_account_that_never_answers_is_given_up_after_the_publishing_time_and_the_run_still_ends()
    {
        var state = Directory.CreateTempSubdirectory("diag-status-timeout-state-").FullName;
        var directory = Directory.CreateTempSubdirectory("diag-status-timeout-").FullName;
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var logs = new RecordingLoggerProvider();
        var env = new Dictionary<string, string?>
        {
            ["DIAG_STATE"] = state,
            ["DIAG_STATUS_PAGE_STORAGE"] =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint={_silent.Url("/" + AzuriteServer.AccountName)};",
            ["DIAG_SCHEDULE"] = "0 0 0 1 1 *", // serve's own scheduler stays out of the way: the run is the test's.
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "diag.yaml"), $"""
            version: 1
            status_page:
              publish: true
            environments:
              staging: {"{}"}
            checks:
              - name: api-health
                type: http
                url: {_target.Url("/health")}
                expect: [status == 200]
            """);
        var settings = DiagnosisSettings.From(n => env.GetValueOrDefault(n), directory);
        var app = ServeHost.Create(settings, ["http://127.0.0.1:0"], apiKey: null, n => env.GetValueOrDefault(n), new ServeHostOptions { Logs = logs, Time = time });
        await app.StartAsync(CancellationToken.None);
        try
        {
            var run = app.Runner.RunAsync(new ScheduleTrigger(false, null, null), CancellationToken.None);

            // The upload is waiting on the silent account; the host's clock then passes the publishing time.
            await _accepted.Task.WaitAsync(TimeSpan.FromMinutes(2));
            time.Advance(TimeSpan.FromSeconds(60));
            var summary = await run.WaitAsync(TimeSpan.FromMinutes(2));

            Assert.StartsWith("pass: 1 check(s)", summary, StringComparison.Ordinal);
            Assert.EndsWith("; status page: not published (timed out after 60 s)", summary, StringComparison.Ordinal);
            Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message == "status page: not published (timed out after 60 s)");
            Assert.DoesNotContain(AzuriteServer.AccountKey, summary + string.Join('\n', logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            Directory.Delete(state, recursive: true);
        }
    }
}
