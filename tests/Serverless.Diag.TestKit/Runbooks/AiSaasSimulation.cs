using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// The AI SaaS platform of guide 004 on 127.0.0.1: the API (/health, /metrics with agent_errors_total), an external
/// service it depends on (/health), and a listener standing in for MongoDB's port. Its cache is the shared Redis;
/// a test's Prometheus scrapes the API (<see cref="ScrapeTargets"/>).
/// </summary>
public sealed class AiSaasSimulation : IAsyncDisposable
{
    private KestrelTarget? _api;
    private KestrelTarget _external = null!;
    private KestrelTarget _mongo = null!;
    private int _apiPort;

    private AiSaasSimulation()
    {
    }

    public ServiceMetrics Metrics { get; } = new();

    public IReadOnlyList<string> ScrapeTargets => [$"127.0.0.1:{_apiPort}"];

    public static async Task<AiSaasSimulation> StartAsync()
    {
        var simulation = new AiSaasSimulation();
        simulation._api = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/health", () => Results.Json(new { status = "healthy", dependencies = new { cache = "healthy", database = "healthy", llm_gateway = "healthy" } }));
            app.MapMetrics(simulation.Metrics);
        });
        simulation._apiPort = simulation._api.Port;
        simulation._external = await KestrelTarget.StartAsync(app => app.MapGet("/health", () => Results.Json(new { status = "ok" })));

        // Only reachability is checked on MongoDB's port: any listener stands in for it.
        simulation._mongo = await KestrelTarget.StartAsync(_ => { });
        return simulation;
    }

    public IReadOnlyDictionary<string, string> Vars(Uri prometheus) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["base"] = $"http://127.0.0.1:{_apiPort}",
        ["prometheus"] = prometheus.ToString().TrimEnd('/'),
        ["mongo_host"] = "127.0.0.1",
        ["mongo_port"] = _mongo.Port.ToString(CultureInfo.InvariantCulture),
        ["external_base"] = _external.BaseAddress.ToString().TrimEnd('/'),
        ["metrics_window"] = "1s",
    };

    /// <summary>The API process dies: Prometheus reports its target down.</summary>
    public async Task StopApiAsync()
    {
        if (_api is { } api)
        {
            _api = null;
            await api.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopApiAsync();
        await _external.DisposeAsync();
        await _mongo.DisposeAsync();
    }
}
