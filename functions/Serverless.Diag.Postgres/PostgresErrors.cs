using System.Net.Sockets;
using System.Security.Authentication;
using Npgsql;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

/// <summary>Turns what Npgsql throws into a cause a reader can act on, and the guide's hint for it.</summary>
internal static class PostgresErrors
{
    public static (ErrorCause Cause, string Message, string? Hint) Classify(Exception exception, TimeSpan timeout, ErrorCause serverDefault)
    {
        if (exception is PostgresException pg)
        {
            var message = $"{pg.MessageText} (SQLSTATE {pg.SqlState})";
            return pg.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => (ErrorCause.Auth, message, PostgresHints.Auth),
                PostgresErrorCodes.TooManyConnections => (PostgresCauses.TooManyConnections, message, PostgresHints.PoolExhaustion),
                PostgresErrorCodes.InvalidCatalogName => (PostgresCauses.DatabaseMissing, message, PostgresHints.DatabaseMissing),
                PostgresErrorCodes.CannotConnectNow => (PostgresCauses.StartingUp, message, null),
                PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable => (ErrorCause.Timeout, message, PostgresHints.LongRunning),
                PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => (ErrorCause.Unavailable, message, null),
                _ when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => (ErrorCause.Network, message, null),
                _ => (serverDefault, message, null),
            };
        }

        if (exception is OperationCanceledException or TimeoutException)
        {
            return (ErrorCause.Timeout, $"no answer within the check's timeout ({Configuration.Units.FormatDuration(timeout)})", PostgresHints.Timeout);
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return (ErrorCause.Refused, $"connection refused ({exception.Message})", PostgresHints.Refused);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return (ErrorCause.Dns, $"the host name did not resolve ({inner.Message})", null);
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                case TimeoutException:
                    return (ErrorCause.Timeout, $"no answer within the check's timeout ({Configuration.Units.FormatDuration(timeout)})", PostgresHints.Timeout);
                case AuthenticationException:
                    return (ErrorCause.Tls, $"the TLS handshake failed ({inner.Message})", null);
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return (ErrorCause.Reset, $"the connection was reset ({exception.Message})", null);
            }
        }

        if (exception is NpgsqlException && exception.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            // e.g. "No password has been provided but the backend requires one"
            return (ErrorCause.Auth, exception.Message, PostgresHints.Auth);
        }

        return exception is NpgsqlException or IOException or SocketException
            ? (ErrorCause.Network, exception.Message, null)
            : (ErrorCause.Internal, $"{exception.GetType().Name}: {exception.Message}", null);
    }
}
