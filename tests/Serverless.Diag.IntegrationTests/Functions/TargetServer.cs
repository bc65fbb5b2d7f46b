using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The backend the diagnosed config points at: <c>/health</c> is healthy, <c>/broken/health</c> fails and echoes
/// the Authorization header it received (so a leaked secret would show up in evidence); <c>/hang</c> answers after a minute.
/// </summary>
internal sealed class TargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TargetServer(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    public static async Task<TargetServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TargetServer(app);
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            await next(context);
        });
        app.MapGet("/health", () => Results.Json(new { status = "healthy" }));
        app.MapGet("/hang", async (CancellationToken aborted) =>
        {
            // Slower than any budget a test sets: only the budget (or the check's own timeout) ends the wait.
            await Task.Delay(TimeSpan.FromSeconds(60), aborted);
            return Results.Text("late");
        });
        app.MapGet("/broken/health", (HttpRequest request) =>
            Results.Text($"database unavailable; request had {request.Headers.Authorization}", statusCode: 500));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
