using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Http;

namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// Turns what .NET threw while talking to a target into a cause and a sentence. Shared by every probe and driver
/// pack so the same fault reads the same everywhere (<see cref="CauseOf"/> for those that word their own message).
/// </summary>
public static class NetworkFailure
{
    /// <param name="target">host:port or URL (without credentials), for the message.</param>
    public static ProbeError Classify(Exception exception, string target)
    {
        var chain = Chain(exception).ToList();

        if (chain.OfType<CertificateRejectedException>().FirstOrDefault() is { } rejected)
        {
            return new(ErrorCause.Tls, $"TLS certificate of {target} rejected: {rejected.Message}");
        }

        if (chain.OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            return new(ErrorCause.Tls, $"TLS handshake with {target} failed: {tls.Message}");
        }

        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket && FromSocket(socket, target) is { } fromSocket)
        {
            return fromSocket;
        }

        if (chain.OfType<HttpRequestException>().FirstOrDefault() is { } request && FromHttp(request.HttpRequestError, target) is { } fromHttp)
        {
            return fromHttp;
        }

        if (chain.OfType<HttpIOException>().FirstOrDefault() is { } io && FromHttp(io.HttpRequestError, target) is { } fromIo)
        {
            return fromIo;
        }

        if (chain.OfType<WebSocketException>().FirstOrDefault() is { } ws)
        {
            return new(ErrorCause.Protocol, $"WebSocket with {target} failed: {ws.Message}");
        }

        if (chain.OfType<IOException>().Any())
        {
            return new(ErrorCause.Reset, $"the connection to {target} was closed unexpectedly: {exception.Message}");
        }

        return new(ErrorCause.Network, $"request to {target} failed: {exception.Message}");
    }

    public static ProbeError Timeout(TimeSpan timeout, string what, string? detail = null) =>
        new(ErrorCause.Timeout, $"{what} within {Units.FormatDuration(timeout)}{(detail is null ? string.Empty : $" ({detail})")}");

    public static bool IsDns(SocketException e) => e.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain;

    /// <summary>The cause of the first socket error in <paramref name="exception"/>'s chain, or null when there is none or it says nothing.</summary>
    public static ErrorCause? SocketCause(Exception exception) =>
        Chain(exception).OfType<SocketException>().FirstOrDefault() is { } socket ? CauseOf(socket) : null;

    public static ErrorCause? CauseOf(SocketException e) => e.SocketErrorCode switch
    {
        _ when IsDns(e) => ErrorCause.Dns,
        SocketError.ConnectionRefused => ErrorCause.Refused,
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => ErrorCause.Reset,
        SocketError.TimedOut => ErrorCause.Timeout,
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => ErrorCause.Network,
        _ => null,
    };

    private static ProbeError? FromSocket(SocketException e, string target) => CauseOf(e)?.Name switch
    {
        "dns" => new(ErrorCause.Dns, $"could not resolve the host of {target}: {e.Message}"),
        "refused" => new(ErrorCause.Refused, $"connection refused by {target}: nothing is listening there"),
        "reset" => new(ErrorCause.Reset, $"the connection to {target} was reset"),
        "timeout" => new(ErrorCause.Timeout, $"connecting to {target} timed out"),
        "network" => new(ErrorCause.Network, $"{target} is unreachable: {e.Message}"),
        _ => null,
    };

    private static ProbeError? FromHttp(HttpRequestError error, string target) => error switch
    {
        HttpRequestError.NameResolutionError => new(ErrorCause.Dns, $"could not resolve the host of {target}"),
        HttpRequestError.SecureConnectionError => new(ErrorCause.Tls, $"TLS handshake with {target} failed"),
        HttpRequestError.ResponseEnded => new(ErrorCause.Reset, $"{target} closed the connection before the response was complete"),
        HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => new(ErrorCause.Protocol, $"{target} sent an invalid HTTP response"),
        HttpRequestError.ConfigurationLimitExceeded => new(ErrorCause.Protocol, $"{target} sent a response beyond the client's limits (headers too large?)"),
        _ => null,
    };

    public static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}
