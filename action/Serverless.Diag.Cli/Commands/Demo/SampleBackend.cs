using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.Cli.Commands.Demo;

/// <summary>
/// The demo's stand-in for a deployed backend, on a free loopback port: healthy endpoints and a few
/// problems planted on purpose (slow search, a 500 with a stack trace, an admin route open to anyone).
/// </summary>
internal sealed class SampleBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SampleBackend(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<SampleBackend> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        MapEndpoints(app);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.First());
        return new SampleBackend(app, address);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/health", () => Results.Text("""{"status":"healthy","version":"1.4.2"}""", "application/json"));
        app.MapGet("/health/verbose", () => Results.Text(
            """{"status":"healthy","components":{"database":{"status":"healthy","pool":{"size":20,"checked_out":3}},"redis":{"status":"healthy","memory_used_mb":42},"pusher":{"status":"healthy"}}}""",
            "application/json"));
        app.MapGet("/agents/status", () => Results.Text("""{"status":"success","agents":4}""", "application/json"));
        app.MapGet("/api/search", async (CancellationToken ct) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1200), ct);
            return Results.Text("""{"results":[]}""", "application/json");
        });
        app.MapGet("/api/orders", () => Results.Text(
            "Traceback (most recent call last):\n  File \"app/api/orders.py\", line 88, in list_orders\n    rows = await db.fetch_all(query)\nsqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 30\n",
            "text/plain",
            statusCode: 500));
        app.MapGet("/api/orders/{id}", (int id) => Results.Text($$"""{"id":{{id}}}""", "application/json"));
        app.MapGet("/admin/users", () => Results.Text("""[{"id":1,"email":"admin@example.com","role":"admin"}]""", "application/json"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
