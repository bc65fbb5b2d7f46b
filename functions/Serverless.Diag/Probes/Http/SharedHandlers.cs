using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Serverless.Diag.Probes.Tls;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// One pooled <see cref="SocketsHttpHandler"/> per handler configuration, shared by every check of a
/// factory, so a thousand checks against one host reuse a few connections instead of opening a thousand.
/// The handler's callbacks time DNS, connect and TLS for the request that opened the connection.
/// </summary>
internal sealed class SharedHandlers
{
    private readonly ConcurrentDictionary<HandlerOptions, HttpMessageInvoker> _invokers = new();
    private readonly TimeProvider _time;

    public SharedHandlers(TimeProvider time) => _time = time;

    public HttpMessageInvoker Get(HandlerOptions options) => _invokers.GetOrAdd(options, o => new HttpMessageInvoker(Create(o, _time), disposeHandler: true));

    private static SocketsHttpHandler Create(HandlerOptions options, TimeProvider time) => new()
    {
        // Redirects are followed by the probe (RedirectFollower), which decides what goes to another origin.
        AllowAutoRedirect = false,
        // Off unless the check asks (curl's default): no Accept-Encoding is sent and the body is what the server sent.
        AutomaticDecompression = options.Compressed ? DecompressionMethods.All : DecompressionMethods.None,
        UseCookies = false,
        UseProxy = false,
        // Recycle connections so DNS changes (a slot swap, a failover) are seen by scheduled runs.
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        // A connection attempt outlives a cancelled request in .NET; bound it so none hangs forever.
        ConnectTimeout = TimeSpan.FromSeconds(30),
        // The probe sends the check's own traceparent; an ambient Activity (a Functions invocation, an ASP.NET
        // Core request) must not replace it with one the availability result does not know.
        ActivityHeadersPropagator = null,
        ConnectCallback = ConnectAsync,
        PlaintextStreamFilter = static (context, _) =>
        {
            if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps)
            {
                PhaseTimings.Of(context.InitialRequestMessage)?.Secured();
            }

            return ValueTask.FromResult(context.PlaintextStream);
        },
        // CA5359: validation is on unless the check opts out with insecure_skip_verify; a failure throws its reason.
#pragma warning disable CA5359
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None || options.InsecureSkipVerify)
                {
                    return true;
                }

                var host = (sender as SslStream)?.TargetHostName;
                throw new CertificateRejectedException(CertificateProblems.Describe(errors, certificate, chain, host, time.GetUtcNow()));
            },
        },
#pragma warning restore CA5359
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var timings = PhaseTimings.Of(context.InitialRequestMessage);
        var time = timings?.Time ?? TimeProvider.System;
        var host = context.DnsEndPoint.Host;

        var started = time.GetTimestamp();
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await System.Net.Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        timings?.Resolved(started);

        var connecting = time.GetTimestamp();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        timings?.Connected(connecting);
        return new NetworkStream(socket, ownsSocket: true);
    }
}

/// <summary>What makes two checks unable to share a handler.</summary>
internal readonly record struct HandlerOptions(bool InsecureSkipVerify, bool Compressed);
