using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// The Halcytone dry-run system of guide 002, each service on its own 127.0.0.1 port as on the guide's host
/// (8000, 8001, 8002, 3000): the content generator (API-key protected), the mock CRM, the mock platform — each
/// with /health and /metrics — and Grafana's /api/health. A test's Prometheus scrapes <see cref="ScrapeTargets"/>.
/// </summary>
public sealed class HalcytoneSimulation : IAsyncDisposable
{
    private KestrelTarget _main = null!;
    private KestrelTarget? _crm;
    private KestrelTarget _platform = null!;
    private KestrelTarget _grafana = null!;
    private int _crmPort;

    private HalcytoneSimulation()
    {
    }

    public string ApiKey { get; } = "halcytone-key-" + Guid.NewGuid().ToString("N");

    public ServiceMetrics MainMetrics { get; } = new();

    public ServiceMetrics CrmMetrics { get; } = new() { RequestsPerTick = 20 };

    public ServiceMetrics PlatformMetrics { get; } = new() { RequestsPerTick = 20 };

    /// <summary>Added to every content generation ("High Response Times").</summary>
    public TimeSpan GenerationDelay { get; set; }

    /// <summary>The content API skips its API-key check (the guide's "Unauthorized Access").</summary>
    public bool AuthDisabled { get; set; }

    /// <summary>host:port of the three services Prometheus scrapes (main, CRM, platform).</summary>
    public IReadOnlyList<string> ScrapeTargets => [$"127.0.0.1:{_main.Port}", $"127.0.0.1:{_crmPort}", $"127.0.0.1:{_platform.Port}"];

    public static async Task<HalcytoneSimulation> StartAsync()
    {
        var simulation = new HalcytoneSimulation();
        simulation._main = await KestrelTarget.StartAsync(simulation.MapMain);
        simulation._crm = await KestrelTarget.StartAsync(simulation.MapCrm);
        simulation._crmPort = simulation._crm.Port;
        simulation._platform = await KestrelTarget.StartAsync(simulation.MapPlatform);
        simulation._grafana = await KestrelTarget.StartAsync(app =>
            app.MapGet("/api/health", () => Results.Json(new { commit = "abc123", database = "ok", version = "10.4.2" })));
        return simulation;
    }

    public IReadOnlyDictionary<string, string> Vars(Uri prometheus) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["host"] = "127.0.0.1",
        ["main_port"] = _main.Port.ToString(CultureInfo.InvariantCulture),
        ["crm_port"] = _crmPort.ToString(CultureInfo.InvariantCulture),
        ["platform_port"] = _platform.Port.ToString(CultureInfo.InvariantCulture),
        ["main_base"] = $"http://127.0.0.1:{_main.Port}",
        ["crm_base"] = $"http://127.0.0.1:{_crmPort}",
        ["platform_base"] = $"http://127.0.0.1:{_platform.Port}",
        ["grafana_base"] = $"http://127.0.0.1:{_grafana.Port}",
        ["prometheus_base"] = prometheus.ToString().TrimEnd('/'),
    };

    /// <summary>The mock CRM process dies: its port refuses connections and Prometheus loses the target.</summary>
    public async Task StopCrmAsync()
    {
        if (_crm is { } crm)
        {
            _crm = null;
            await crm.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopCrmAsync();
        await _main.DisposeAsync();
        await _platform.DisposeAsync();
        await _grafana.DisposeAsync();
    }

    private void MapMain(WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "healthy", dry_run = true, mock_services = true }));
        app.MapPost("/api/v2/generate-content", async (HttpContext context) =>
        {
            if (!SimulatedEndpoints.Authorized(context, ApiKey, AuthDisabled))
            {
                return Results.Json(new { detail = "Invalid API key" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            await SimulatedEndpoints.SlowAsync(GenerationDelay, context.RequestAborted);
            return Results.Json(new { status = "success", preview = new { email = new { subject = "Weekly update" }, web = new { title = "Weekly update" } }, dry_run = true });
        });
        app.MapMetrics(MainMetrics);
    }

    private void MapCrm(WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "healthy", service = "mock-crm" }));
        app.MapPost("/api/v1/email/send", () => Results.Json(new { status = "sent", message_id = "mock-" + Guid.NewGuid().ToString("N")[..8], recipients = 3 }));
        app.MapMetrics(CrmMetrics);
    }

    private void MapPlatform(WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "healthy", service = "mock-platform" }));
        app.MapPost("/api/v1/content/publish", () => Results.Json(new { status = "published", id = "post-1", url = "https://example.invalid/post-1" }));
        app.MapMetrics(PlatformMetrics);
    }
}
