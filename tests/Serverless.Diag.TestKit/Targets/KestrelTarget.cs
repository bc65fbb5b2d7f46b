using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.Targets;

/// <summary>
/// A throwaway Kestrel server on 127.0.0.1 and a free port, plain HTTP or HTTPS with the given
/// certificate, with whatever endpoints the test maps (see <see cref="TargetEndpoints"/>).
/// </summary>
public sealed class KestrelTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelTarget(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public static async Task<KestrelTarget> StartAsync(Action<WebApplication> map, X509Certificate2? certificate = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
        });

        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelTarget(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    /// <summary>An absolute URL on this target; for HTTPS targets the host can be swapped (e.g. <c>localhost</c>) to test name checks.</summary>
    public string Url(string path, string? host = null, string? scheme = null)
    {
        var builder = new UriBuilder(BaseAddress) { Path = path };
        if (host is not null)
        {
            builder.Host = host;
        }

        if (scheme is not null)
        {
            builder.Scheme = scheme;
        }

        return builder.Uri.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
