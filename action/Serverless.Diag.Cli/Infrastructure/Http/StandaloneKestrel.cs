using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Serverless.Diag.Cli.Infrastructure.Http;

/// <summary>
/// Kestrel started directly with one request delegate: no generic host, no DI container, no routing. The command line
/// serves two or three fixed paths, and in the Native AOT binary building a host's services was most of <c>serve</c>'s
/// start-up (bench mode native-vs-r2r: ASP.NET Core's minimal AOT host answers in 51–56 ms on a 2-core machine, serve
/// without a host in 23–27 ms).
/// </summary>
internal sealed class StandaloneKestrel : IAsyncDisposable
{
    private readonly KestrelServer _server;
    private int _stopped;

    private StandaloneKestrel(KestrelServer server) => _server = server;

    /// <summary>The addresses bound, with the ports chosen for <c>:0</c>.</summary>
    public IReadOnlyList<string> Addresses => [.. _server.Features.Get<IServerAddressesFeature>()!.Addresses];

    /// <param name="urls">ASP.NET Core's URL forms (<c>http://127.0.0.1:8080</c>, <c>http://localhost:0</c>, <c>http://*:80</c>); plain HTTP only.</param>
    /// <exception cref="ArgumentException">An https:// address: there is no certificate to serve it with.</exception>
    public static async Task<StandaloneKestrel> StartAsync(
        IEnumerable<string> urls,
        RequestDelegate application,
        ILoggerFactory loggers,
        long maxRequestBodyBytes,
        CancellationToken cancellationToken)
    {
        var options = new KestrelServerOptions { ApplicationServices = NoServices.Instance };
        options.Limits.MaxRequestBodySize = maxRequestBodyBytes;
        var server = new KestrelServer(
            Options.Create(options),
            new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggers),
            loggers);
        try
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()!.Addresses;
            foreach (var url in urls)
            {
                if (url.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"'{url}': serverless-diag listens on plain HTTP; terminate TLS in front of it (a reverse proxy or the platform's ingress)");
                }

                addresses.Add(url);
            }

            await server.StartAsync(new Application(application), cancellationToken);
            return new StandaloneKestrel(server);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Stops accepting, lets requests in flight finish until <paramref name="cancellationToken"/>, then aborts them.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Interlocked.Exchange(ref _stopped, 1) == 0 ? _server.StopAsync(cancellationToken) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _server.Dispose();
    }

    private sealed class Application(RequestDelegate application) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => application(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }

    /// <summary>
    /// Empty rather than null: Kestrel looks there for HTTPS defaults (certificates, the host environment), which plain HTTP
    /// never needs; a path that did would get "no service" instead of a NullReferenceException.
    /// </summary>
    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
