using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Diag.TestKit.Targets;

/// <summary>Endpoints that misbehave on purpose, for probe tests, the demo and benchmarks.</summary>
public static class TargetEndpoints
{
    /// <summary>Answers after <paramref name="delay"/> (or when the client gives up).</summary>
    public static WebApplication MapSlow(this WebApplication app, string path, TimeSpan delay, string body = "slow")
    {
        app.MapGet(path, async (HttpContext context) =>
        {
            await Task.Delay(delay, context.RequestAborted);
            return Results.Text(body);
        });
        return app;
    }

    /// <summary>Drops the connection: before any response, or after headers and part of the body.</summary>
    public static WebApplication MapReset(this WebApplication app, string path, bool afterHeaders = false)
    {
        app.MapGet(path, async (HttpContext context) =>
        {
            if (afterHeaders)
            {
                context.Response.ContentLength = 10_000;
                await context.Response.WriteAsync("partial body", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }

            context.Abort();
        });
        return app;
    }

    public static WebApplication MapStatus(this WebApplication app, string path, int status, string body, string contentType = "text/plain")
    {
        app.MapGet(path, () => Results.Text(body, contentType, statusCode: status));
        return app;
    }

    /// <summary>Streams <paramref name="bytes"/> bytes (e.g. 1 GB) without holding them; counts what was actually written.</summary>
    public static StreamedBody MapHugeBody(this WebApplication app, string path, long bytes, bool sendContentLength)
    {
        var counter = new StreamedBody();
        app.MapGet(path, async (HttpContext context) =>
        {
            if (sendContentLength)
            {
                context.Response.ContentLength = bytes;
            }

            context.Response.ContentType = "application/octet-stream";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            try
            {
                for (long sent = 0; sent < bytes; sent += chunk.Length)
                {
                    var size = (int)Math.Min(chunk.Length, bytes - sent);
                    // Kestrel may drop writes silently once the client is gone; the pipe says so.
                    var flushed = await context.Response.BodyWriter.WriteAsync(chunk.AsMemory(0, size), context.RequestAborted);
                    if (flushed.IsCompleted || flushed.IsCanceled)
                    {
                        break;
                    }

                    counter.Add(size);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The client stopped reading: exactly what the test wants to see.
            }
        });
        return counter;
    }

    /// <summary>Echoes every text message back, prefixed with <paramref name="prefix"/>.</summary>
    public static WebApplication MapWebSocketEcho(this WebApplication app, string path, string prefix = "")
    {
        app.UseWebSockets();
        app.Map(path, async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[16 * 1024];
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }

                var reply = System.Text.Encoding.UTF8.GetBytes(prefix + System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
                await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            }
        });
        return app;
    }
}

/// <summary>How many bytes a streaming endpoint managed to write before the client stopped it.</summary>
public sealed class StreamedBody
{
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    internal void Add(long bytes) => Interlocked.Add(ref _written, bytes);
}
