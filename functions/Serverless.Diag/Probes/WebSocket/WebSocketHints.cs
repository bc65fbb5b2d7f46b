namespace Serverless.Diag.Probes.WebSocket;

/// <summary>The next steps when a WebSocket does not open or does not answer in time.</summary>
internal static class WebSocketHints
{
    public const string ConnectTimeout =
        "The WebSocket upgrade did not complete in time: check that a proxy or load balancer in front passes the Upgrade and " +
        "Connection headers (nginx: proxy_set_header Upgrade/Connection, proxy_http_version 1.1) and that WebSockets are enabled " +
        "on the host (Azure App Service: Web sockets On).";

    public const string ReplyTimeout =
        "The WebSocket opened but no reply came in time: check that the server answers this message (its format, a subscription " +
        "it expects first), and its logs for the handler; an idle timeout on a proxy in between closes quiet sockets.";
}
