using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.HttpLoad;

/// <summary>
/// A Kestrel target with known latency shapes, on 127.0.0.1 and a free port, for load tests and the wrk benchmark:
/// <list type="bullet">
/// <item><c>/hello</c>: 200 at once.</item>
/// <item><c>/fixed/{ms}</c>: 200 after a fixed delay.</item>
/// <item><c>/bimodal/{every}/{slowMs}/{fastMs}</c>: every <c>every</c>-th request takes <c>slowMs</c>, the rest <c>fastMs</c>.</item>
/// <item><c>/stall/{every}/{ms}</c>: every <c>every</c>-th request freezes the whole endpoint for <c>ms</c>: it and every
///   request arriving meanwhile wait until the freeze ends (a GC pause, a lock, a full pool).</item>
/// <item><c>/status/{code}</c>, <c>/hang</c> (never answers), <c>/abort</c> (drops the connection),
///   <c>/mixed</c> (200, 500, hang in turn).</item>
/// </list>
/// </summary>
public sealed class LoadTargetServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _requests;
    private long _bimodal;
    private long _stall;
    private long _mixed;
    private long _stalledUntil;

    private LoadTargetServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests received by any endpoint.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<LoadTargetServer> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new LoadTargetServer(app);
        server.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref _requests);
            return next(context);
        });

        app.MapGet("/hello", () => "hello");
        app.MapGet("/fixed/{ms:int}", async (int ms, CancellationToken ct) =>
        {
            await Task.Delay(ms, ct);
            return "ok";
        });
        app.MapGet("/bimodal/{every:int}/{slowMs:int}/{fastMs:int}", async (int every, int slowMs, int fastMs, CancellationToken ct) =>
        {
            var n = Interlocked.Increment(ref _bimodal);
            await Task.Delay(n % every == 0 ? slowMs : fastMs, ct);
            return "ok";
        });
        app.MapGet("/stall/{every:int}/{ms:int}", async (int every, int ms, CancellationToken ct) =>
        {
            var n = Interlocked.Increment(ref _stall);
            var now = Environment.TickCount64;
            if (n % every == 0)
            {
                Interlocked.Exchange(ref _stalledUntil, now + ms);
            }

            var until = Interlocked.Read(ref _stalledUntil);
            if (until > now)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(until - now), ct);
            }

            return "ok";
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/hang", async (CancellationToken ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return "never";
        });
        app.MapGet("/abort", (HttpContext context) => context.Abort());
        app.MapGet("/mixed", async (CancellationToken ct) =>
        {
            switch (Interlocked.Increment(ref _mixed) % 3)
            {
                case 1:
                    return Results.Ok("ok");
                case 2:
                    return Results.StatusCode(500);
                default:
                    await Task.Delay(Timeout.Infinite, ct);
                    return Results.Ok("never");
            }
        });
    }
}
