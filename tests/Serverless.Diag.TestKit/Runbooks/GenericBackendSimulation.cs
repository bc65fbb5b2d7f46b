using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// The generic web backend of guide 003 on 127.0.0.1: /health and a token-protected <c>/api/endpoint</c> (GET and
/// POST JSON). Faults: 500s with a stack trace, failures only under concurrency (resource exhaustion — the
/// guide's "works sometimes, fails randomly"), and a forgotten authentication check.
/// </summary>
public sealed class GenericBackendSimulation : IAsyncDisposable
{
    /// <summary>Above this many requests in flight the "intermittent" fault answers 503.</summary>
    public const int ConcurrencyLimit = 3;

    private KestrelTarget _app = null!;
    private int _inFlight;

    private GenericBackendSimulation()
    {
    }

    public string ApiToken { get; } = "generic-jwt-" + Guid.NewGuid().ToString("N");

    /// <summary>Every call to /api/endpoint answers 500 with a traceback.</summary>
    public bool ServerErrors { get; set; }

    /// <summary>Requests beyond <see cref="ConcurrencyLimit"/> in flight fail (a pool or file-handle limit).</summary>
    public bool IntermittentUnderLoad { get; set; }

    public bool AuthDisabled { get; set; }

    public static async Task<GenericBackendSimulation> StartAsync()
    {
        var simulation = new GenericBackendSimulation();
        simulation._app = await KestrelTarget.StartAsync(simulation.Map);
        return simulation;
    }

    public IReadOnlyDictionary<string, string> Vars(int databasePort) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["base"] = $"http://127.0.0.1:{_app.Port}",
        ["db_host"] = "127.0.0.1",
        ["db_port"] = databasePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.MapGet("/health", () => Results.Json(new { status = "ok" }));
        app.MapGet("/api/endpoint", context => EndpointAsync(context, () => Results.Json(new { key = "value", items = new[] { 1, 2, 3 } })));
        app.MapPost("/api/endpoint", context => EndpointAsync(context, () => Results.Json(new { created = true, id = 42 }, statusCode: StatusCodes.Status201Created)));
    }

    private async Task EndpointAsync(HttpContext context, Func<IResult> success)
    {
        var inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            IResult result;
            if (!SimulatedEndpoints.Authorized(context, ApiToken, AuthDisabled))
            {
                result = SimulatedEndpoints.Unauthorized();
            }
            else if (ServerErrors)
            {
                result = Results.Text(
                    "Internal Server Error\nTraceback (most recent call last):\n  File \"app/api.py\", line 88, in endpoint\nKeyError: 'customer_id'\n",
                    "text/plain",
                    statusCode: StatusCodes.Status500InternalServerError);
            }
            else
            {
                // A little work, so concurrent requests overlap as they would on a real server.
                await SimulatedEndpoints.SlowAsync(TimeSpan.FromMilliseconds(20), context.RequestAborted);
                result = IntermittentUnderLoad && inFlight > ConcurrencyLimit
                    ? Results.Json(new { error = "connection pool exhausted" }, statusCode: StatusCodes.Status503ServiceUnavailable)
                    : success();
            }

            await result.ExecuteAsync(context);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
