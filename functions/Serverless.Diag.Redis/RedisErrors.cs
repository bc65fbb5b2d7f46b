using System.Net.Sockets;
using System.Security.Authentication;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Kit;
using StackExchange.Redis;

namespace Serverless.Diag.Redis;

/// <summary>Turns what StackExchange.Redis throws into a cause a reader can act on, and the guide's hint for it.</summary>
internal static class RedisErrors
{
    public static ProbeFailure Classify(Exception exception, TimeSpan timeout, ErrorCause serverDefault)
    {
        var message = exception.Message;
        var timedOut = $"no answer within the check's timeout ({Configuration.Units.FormatDuration(timeout)})";

        // Server replies first: their prefix is the error code, wherever the client library wraps it.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            var text = inner.Message;
            if (Has(text, "NOAUTH") || Has(text, "WRONGPASS") || Has(text, "invalid password") || Has(text, "invalid username-password"))
            {
                return new(ErrorCause.Auth, message, RedisHints.Auth);
            }

            if (Has(text, "LOADING"))
            {
                return new(RedisCauses.Loading, message, RedisHints.Loading);
            }

            if (Has(text, "OOM"))
            {
                return new(RedisCauses.OutOfMemory, message, RedisHints.OutOfMemory);
            }

            if (Has(text, "READONLY"))
            {
                return new(RedisCauses.ReadOnly, message, RedisHints.ReadOnly);
            }

            if (text.Contains(EndpointDiagnosis.MaxClientsReply, StringComparison.Ordinal))
            {
                return new(RedisCauses.TooManyClients, message, RedisHints.Clients);
            }

            if (Has(text, "NOPERM"))
            {
                return new(ErrorCause.NotAllowed, message);
            }
        }

        if (exception is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure })
        {
            return new(ErrorCause.Auth, message, RedisHints.Auth);
        }

        if (exception is RedisTimeoutException or OperationCanceledException or TimeoutException)
        {
            return new(ErrorCause.Timeout, timedOut, RedisHints.Timeout);
        }

        if (NetworkFailure.SocketCause(exception) is { } socket)
        {
            return socket.Name switch
            {
                "refused" => new(ErrorCause.Refused, message, RedisHints.Refused),
                "timeout" => new(ErrorCause.Timeout, message, RedisHints.Timeout),
                _ => new(socket, message),
            };
        }

        if (NetworkFailure.Chain(exception).OfType<AuthenticationException>().Any())
        {
            return new(ErrorCause.Tls, message);
        }

        // The multiplexer reports why a connect failed only in words, in its log.
        if (message.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) || Has(message, "ConnectionRefused"))
        {
            return new(ErrorCause.Refused, message, RedisHints.Refused);
        }

        if (message.Contains("Name or service not known", StringComparison.Ordinal) || message.Contains("No such host", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("name resolution", StringComparison.Ordinal) || message.Contains("nodename nor servname", StringComparison.Ordinal))
        {
            return new(ErrorCause.Dns, message);
        }

        if (message.Contains("AuthenticationException", StringComparison.Ordinal) || message.Contains("SSL", StringComparison.Ordinal) || message.Contains("certificate", StringComparison.OrdinalIgnoreCase))
        {
            return new(ErrorCause.Tls, message);
        }

        if (Has(message, "ConnectTimeout") || message.Contains("timed out", StringComparison.OrdinalIgnoreCase) || message.Contains("timeout", StringComparison.Ordinal))
        {
            return new(ErrorCause.Timeout, message, RedisHints.Timeout);
        }

        return exception switch
        {
            RedisServerException => new(serverDefault, message),
            RedisConnectionException or SocketException or IOException => new(ErrorCause.Network, message),
            _ => new(ErrorCause.Internal, $"{exception.GetType().Name}: {message}"),
        };
    }

    /// <summary>An error code as a whole word: "OOM" but not "ROOM".</summary>
    private static bool Has(string text, string what)
    {
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + 1, StringComparison.Ordinal))
        {
            var end = at + what.Length;
            if ((at == 0 || !char.IsLetter(text[at - 1])) && (end == text.Length || !char.IsLetter(text[end])))
            {
                return true;
            }
        }

        return false;
    }
}
