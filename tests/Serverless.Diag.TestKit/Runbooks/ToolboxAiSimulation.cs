using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// The ToolboxAI backend of guide 000 on 127.0.0.1: /health, /health/verbose, the component /status
/// endpoints, the JWT-protected content API, CORS on /auth/login, Pusher auth, the /ws/native WebSocket and
/// /metrics — plus a stand-in for the OpenAI API (<c>GET /v1/models</c>) on a port of its own. Faults are switched by properties.
/// </summary>
public sealed class ToolboxAiSimulation : IAsyncDisposable
{
    public const string FrontendOrigin = "http://localhost:3000";

    private KestrelTarget? _backend;
    private KestrelTarget? _openAi;

    private ToolboxAiSimulation()
    {
    }

    public string ApiToken { get; } = "tbx-jwt-" + Guid.NewGuid().ToString("N");

    /// <summary>The monitoring user's password: POST /auth/login with it answers <see cref="ApiToken"/>.</summary>
    public string LoginPassword { get; } = "tbx-pw-" + Guid.NewGuid().ToString("N");

    public string OpenAiKey { get; } = "sk-sim-" + Guid.NewGuid().ToString("N");

    public ServiceMetrics Metrics { get; } = new();

    /// <summary>Added to every /api/v1/content answer ("High Response Times").</summary>
    public TimeSpan ContentDelay { get; set; }

    /// <summary>The content API forgets to check credentials ("endpoint open without auth").</summary>
    public bool AuthDisabled { get; set; }

    /// <summary>The openai-api circuit breaker is open.</summary>
    public bool BreakerOpen { get; set; }

    public int Port { get; private set; }

    public static async Task<ToolboxAiSimulation> StartAsync()
    {
        var simulation = new ToolboxAiSimulation();
        simulation._backend = await KestrelTarget.StartAsync(simulation.Map);
        simulation.Port = simulation._backend.Port;
        simulation._openAi = await KestrelTarget.StartAsync(simulation.MapOpenAi);
        return simulation;
    }

    /// <summary>The example's variables pointed at this simulation (<c>--var name=value</c>).</summary>
    public IReadOnlyDictionary<string, string> Vars => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["base"] = $"http://127.0.0.1:{Port}",
        ["ws_base"] = $"ws://127.0.0.1:{Port}",
        ["host"] = "127.0.0.1",
        ["port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["frontend_origin"] = FrontendOrigin,
        ["openai_base"] = _openAi!.BaseAddress.ToString().TrimEnd('/'),
        ["metrics_window"] = "1s",
    };

    /// <summary>The server process is gone: its port refuses connections.</summary>
    public async Task StopAsync()
    {
        if (_backend is { } backend)
        {
            _backend = null;
            await backend.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_openAi is { } openAi)
        {
            _openAi = null;
            await openAi.DisposeAsync();
        }
    }

    private void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.MapGet("/health", () => Results.Json(new { status = "healthy", version = "2.4.1" }));
        app.MapGet("/health/verbose", () => Results.Json(new
        {
            status = "healthy",
            components = new { database = new { status = "healthy" }, redis = new { status = "healthy" }, pusher = new { status = "healthy" } },
        }));
        app.MapGet("/pusher/status", () => Results.Json(new { status = "success", connected = true, cluster = "eu" }));
        app.MapGet("/agents/status", () => Results.Json(new { status = "success", active_agents = 4 }));
        app.MapGet("/agents/health", () => Results.Json(new { status = "healthy", agents = new { content = "READY", quiz = "READY" } }));
        app.MapGet("/resilience/status", () => Results.Json(new { status = "healthy", retries = "enabled" }));
        app.MapGet("/circuit-breakers/status", () => BreakerOpen
            ? Results.Json(new { status = "degraded", breakers = new Dictionary<string, string> { ["openai-api"] = "open", ["database"] = "closed" } })
            : Results.Json(new { status = "healthy", breakers = new Dictionary<string, string> { ["openai-api"] = "closed", ["database"] = "closed" } }));

        app.MapGet("/api/v1/content", async (HttpContext context) =>
        {
            if (!SimulatedEndpoints.Authorized(context, ApiToken, AuthDisabled))
            {
                return SimulatedEndpoints.Unauthorized();
            }

            await SimulatedEndpoints.SlowAsync(ContentDelay, context.RequestAborted);
            return Results.Json(new { items = new[] { new { id = 789, title = "Fractions" } }, total = 1 });
        });

        app.MapMethods("/auth/login", ["OPTIONS"], (HttpContext context) =>
        {
            if (context.Request.Headers.Origin.ToString() == FrontendOrigin)
            {
                context.Response.Headers.AccessControlAllowOrigin = FrontendOrigin;
                context.Response.Headers.AccessControlAllowMethods = "POST, OPTIONS";
                context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
            }

            return Results.NoContent();
        });

        app.MapPost("/auth/login", async (HttpContext context) =>
        {
            using var login = await System.Text.Json.JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return login.RootElement.TryGetProperty("password", out var password) && password.GetString() == LoginPassword
                ? Results.Json(new { access_token = ApiToken, token_type = "bearer" })
                : Results.Json(new { detail = "Incorrect username or password" }, statusCode: StatusCodes.Status401Unauthorized);
        });

        app.MapPost("/pusher/auth", (HttpContext context) => SimulatedEndpoints.Authorized(context, ApiToken, AuthDisabled)
            ? Results.Json(new { auth = "app-key:5f2b8c0e9d" })
            : SimulatedEndpoints.Unauthorized());

        app.Map("/ws/native", context => SimulatedEndpoints.EchoWebSocketAsync(context, () => false));
        app.MapMetrics(Metrics);
    }

    /// <summary>The OpenAI API's stand-in, on its own port (the example's openai_base points here).</summary>
    private void MapOpenAi(WebApplication app)
    {
        app.MapGet("/v1/models", (HttpContext context) => context.Request.Headers.Authorization.ToString() == "Bearer " + OpenAiKey
            ? Results.Json(new { @object = "list", data = new[] { new { id = "gpt-4o-mini", @object = "model" } } })
            : Results.Json(new { error = new { message = "Incorrect API key provided" } }, statusCode: StatusCodes.Status401Unauthorized));
    }
}
