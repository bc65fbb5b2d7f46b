using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.ApplicationInsights;

/// <summary>A Kestrel target that remembers the traceparent (or its absence) of every request, by path.</summary>
internal sealed class TracedTarget : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, string? TraceParent, string? Authorization)> _seen = new();

    private TracedTarget()
    {
    }

    public KestrelTarget Server { get; private set; } = null!;

    public string Base => Server.BaseAddress.ToString().TrimEnd('/');

    /// <summary>Every request received, whatever its path.</summary>
    public int Requests => _seen.Count;

    public IReadOnlyList<string?> TraceParents(string path) => [.. _seen.Where(s => s.Path == path).Select(s => s.TraceParent)];

    public static async Task<TracedTarget> StartAsync()
    {
        var target = new TracedTarget();
        target.Server = await KestrelTarget.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                target._seen.Enqueue((context.Request.Path.Value!, context.Request.Headers["traceparent"].FirstOrDefault(), context.Request.Headers.Authorization.FirstOrDefault()));
                await next(context);
            });
            app.MapStatus("/health", 200, """{"status":"healthy"}""", "application/json");
            app.MapStatus("/degraded", 503, """{"status":"down"}""", "application/json");
            app.MapStatus("/untraced", 200, "ok");
            app.MapStatus("/load", 200, "ok");
            app.MapWebSocketEcho("/ws");
        });
        return target;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
