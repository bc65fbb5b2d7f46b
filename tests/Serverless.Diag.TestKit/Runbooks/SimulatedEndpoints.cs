using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>Pieces every simulated service shares: bearer-token guard, WebSocket echo, the /metrics page.</summary>
public static class SimulatedEndpoints
{
    /// <summary>True when the request carries <c>Bearer {token}</c>, or when the guard is off ("endpoint open without auth").</summary>
    public static bool Authorized(HttpContext context, string token, bool authDisabled) =>
        authDisabled || context.Request.Headers.Authorization.ToString() == "Bearer " + token;

    public static IResult Unauthorized() => Results.Json(new { detail = "Not authenticated" }, statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>Answers each text message with <c>echo: {message}</c>; when <paramref name="drop"/> asks, closes abnormally instead (code 1006 on the client).</summary>
    public static async Task EchoWebSocketAsync(HttpContext context, Func<bool> drop)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                return;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            if (drop())
            {
                socket.Abort();
                return;
            }

            var reply = Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.SendAsync(reply, WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
        }
    }

    public static void MapMetrics(this WebApplication app, ServiceMetrics metrics) =>
        app.MapGet("/metrics", () => Results.Text(metrics.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));

    /// <summary>Waits <paramref name="delay"/> (a slow dependency), giving up when the client leaves.</summary>
    public static async Task SlowAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The client gave up; the answer no longer matters.
        }
    }
}
