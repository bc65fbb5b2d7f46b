using Serverless.Diag.TestKit.FunctionsHost;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The published worker (package.sh's output) under the emulated host, with this test's diag.yaml (DIAG_CONFIG)
/// and app settings. Secrets of the developer's shell (GITHUB_TOKEN...) are removed.
/// </summary>
internal sealed class PublishedWorker : IAsyncDisposable
{
    private readonly string _configDirectory;
    private bool _disposed;

    private PublishedWorker(FunctionsHostEmulator host, string configDirectory)
    {
        Host = host;
        _configDirectory = configDirectory;
    }

    public FunctionsHostEmulator Host { get; }

    public static async Task<PublishedWorker> StartAsync(PackagedApp package, string yaml, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("diag-worker-config-").FullName;
        var config = Path.Combine(directory, "diag.yaml");
        await File.WriteAllTextAsync(config, yaml);
        var appSettings = new Dictionary<string, string?>
        {
            ["DIAG_CONFIG"] = config,
            ["DIAG_SCHEDULE"] = "0 */5 * * * *",
            ["GITHUB_TOKEN"] = null,
            ["GITHUB_REPOSITORY"] = null,
            ["GITHUB_API_URL"] = null,
            ["DIAG_STATE"] = null,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            appSettings[name] = value;
        }

        var host = await FunctionsHostEmulator.StartAsync(package.AppDirectory, appSettings);
        return new PublishedWorker(host, directory);
    }

    public Task<InvocationOutcome> TimerAsync(string? payload = null) =>
        Host.InvokeTimerAsync("ScheduledDiagnosis", payload ?? TimerPayloads.Regular(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));

    public Task<(HttpResponseMessage Response, InvocationOutcome Invocation)> DiagnoseAsync(string pathAndQuery, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, new Uri(pathAndQuery, UriKind.Relative)) { Content = body };
        return Host.InvokeHttpAsync("Diagnose", request);
    }

    /// <summary>Ends the worker as the host does (WorkerTerminate, then a kill after the grace period); safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Host.DisposeAsync();
        Directory.Delete(_configDirectory, recursive: true);
    }
}
