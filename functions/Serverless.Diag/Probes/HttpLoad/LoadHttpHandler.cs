using System.Net;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// The client side of a load run: one connection per worker, nothing between the request and the socket
/// (no proxy, cookies, redirects, decompression or trace headers), and no HttpClient so no per-request
/// timeout source or buffering: the workers own both.
/// </summary>
internal static class LoadHttpHandler
{
    public static HttpMessageInvoker Create(HttpLoadOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = options.Concurrency,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ActivityHeadersPropagator = null,
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
