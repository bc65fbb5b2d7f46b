using System.Net;
using System.Net.Sockets;
using System.Text;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Redis;

/// <summary>
/// StackExchange.Redis reports a failed connect as one generic exception, and writes the reason to its log only
/// after the exception may already have been thrown. So when a connect fails, one plain socket asks the endpoint
/// itself: refused, name not resolved, no answer, or accepted and told "max number of clients reached" (Redis
/// writes that line and closes when maxclients is reached; the client library only sees a closed socket).
/// </summary>
internal static class EndpointDiagnosis
{
    public const string MaxClientsReply = "max number of clients reached";

    public static async Task<ProbeFailure?> DiagnoseAsync(EndPoint endPoint, bool tls, CancellationToken cancellationToken)
    {
        var name = Format(endPoint);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        using var client = new TcpClient();
        try
        {
            switch (endPoint)
            {
                case DnsEndPoint dns:
                    await client.ConnectAsync(dns.Host, dns.Port, timeout.Token);
                    break;
                case IPEndPoint ip:
                    await client.ConnectAsync(ip, timeout.Token);
                    break;
                default:
                    return null;
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return new ProbeFailure(ErrorCause.Refused, $"could not connect to {name}: connection refused", RedisHints.Refused);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain)
        {
            return new ProbeFailure(ErrorCause.Dns, $"could not connect to {name}: the host name did not resolve ({e.Message})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeFailure(ErrorCause.Timeout, $"could not connect to {name}: no answer", RedisHints.Timeout);
        }
        catch (SocketException e)
        {
            return new ProbeFailure(ErrorCause.Network, $"could not connect to {name}: {e.Message}");
        }

        if (tls)
        {
            return null; // a TLS server says nothing in plain text
        }

        try
        {
            var buffer = new byte[128];
            var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
            if (Encoding.ASCII.GetString(buffer, 0, read).Contains(MaxClientsReply, StringComparison.Ordinal))
            {
                return new ProbeFailure(RedisCauses.TooManyClients, $"{name} answered \"{MaxClientsReply}\"", RedisHints.Clients);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // A healthy Redis waits silently for a command: nothing to learn here.
        }

        return null;
    }

    private static string Format(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endPoint.ToString() ?? "the endpoint",
    };
}
