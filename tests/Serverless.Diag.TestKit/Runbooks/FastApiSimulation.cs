using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// The FastAPI service of guide 001 on 127.0.0.1: its HealthChecker endpoint, a token-protected items API,
/// the /ws/health-probe WebSocket and /metrics. Its database and task queue are the shared PostgreSQL and Redis.
/// </summary>
public sealed class FastApiSimulation : IAsyncDisposable
{
    private KestrelTarget _app = null!;

    private FastApiSimulation()
    {
    }

    public string ApiToken { get; } = "fastapi-jwt-" + Guid.NewGuid().ToString("N");

    public ServiceMetrics Metrics { get; } = new();

    /// <summary>Added to every items answer ("Response time > 1000ms").</summary>
    public TimeSpan ItemsDelay { get; set; }

    /// <summary>The WebSocket closes abnormally instead of answering (code 1006).</summary>
    public bool WebSocketDrops { get; set; }

    public static async Task<FastApiSimulation> StartAsync()
    {
        var simulation = new FastApiSimulation();
        simulation._app = await KestrelTarget.StartAsync(simulation.Map);
        return simulation;
    }

    public IReadOnlyDictionary<string, string> Vars => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["base"] = $"http://127.0.0.1:{_app.Port}",
        ["ws_base"] = $"ws://127.0.0.1:{_app.Port}",
        ["metrics_window"] = "1s",
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet("/health", () => Results.Json(new
        {
            status = "healthy",
            checks = new { database = "healthy", cache = "healthy", task_queue = "healthy", websockets = "healthy" },
        }));
        app.MapGet("/api/v1/items", async (HttpContext context) =>
        {
            if (!SimulatedEndpoints.Authorized(context, ApiToken, authDisabled: false))
            {
                return SimulatedEndpoints.Unauthorized();
            }

            await SimulatedEndpoints.SlowAsync(ItemsDelay, context.RequestAborted);
            return Results.Json(new { items = Enumerable.Range(1, 20).Select(i => new { id = i }), total = 20 });
        });
        app.Map("/ws/health-probe", context => SimulatedEndpoints.EchoWebSocketAsync(context, () => WebSocketDrops));
        app.MapMetrics(Metrics);
    }
}
