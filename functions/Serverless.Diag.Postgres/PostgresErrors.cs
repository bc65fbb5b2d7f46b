using System.Security.Authentication;
using Npgsql;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Postgres;

/// <summary>Turns what Npgsql throws into a cause a reader can act on, and the guide's hint for it.</summary>
internal static class PostgresErrors
{
    public static ProbeFailure Classify(Exception exception, TimeSpan timeout, ErrorCause serverDefault)
    {
        var timedOut = $"no answer within the check's timeout ({Configuration.Units.FormatDuration(timeout)})";
        if (exception is PostgresException pg)
        {
            var message = $"{pg.MessageText} (SQLSTATE {pg.SqlState})";
            return pg.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification => new(ErrorCause.Auth, message, PostgresHints.Auth),
                PostgresErrorCodes.TooManyConnections => new(PostgresCauses.TooManyConnections, message, PostgresHints.PoolExhaustion),
                PostgresErrorCodes.InvalidCatalogName => new(PostgresCauses.DatabaseMissing, message, PostgresHints.DatabaseMissing),
                PostgresErrorCodes.CannotConnectNow => new(PostgresCauses.StartingUp, message),
                PostgresErrorCodes.QueryCanceled or PostgresErrorCodes.LockNotAvailable => new(ErrorCause.Timeout, message, PostgresHints.LongRunning),
                PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown => new(ErrorCause.Unavailable, message),
                _ when pg.SqlState.StartsWith("08", StringComparison.Ordinal) => new(ErrorCause.Network, message),
                _ => new(serverDefault, message),
            };
        }

        if (exception is OperationCanceledException or TimeoutException)
        {
            return new(ErrorCause.Timeout, timedOut, PostgresHints.Timeout);
        }

        if (NetworkFailure.SocketCause(exception) is { } socket)
        {
            return socket.Name switch
            {
                "refused" => new(ErrorCause.Refused, $"connection refused ({exception.Message})", PostgresHints.Refused),
                "dns" => new(ErrorCause.Dns, $"the host name did not resolve ({exception.GetBaseException().Message})"),
                "timeout" => new(ErrorCause.Timeout, timedOut, PostgresHints.Timeout),
                "reset" => new(ErrorCause.Reset, $"the connection was reset ({exception.Message})"),
                _ => new(socket, exception.Message),
            };
        }

        if (NetworkFailure.Chain(exception).OfType<TimeoutException>().Any())
        {
            return new(ErrorCause.Timeout, timedOut, PostgresHints.Timeout);
        }

        if (NetworkFailure.Chain(exception).OfType<AuthenticationException>().FirstOrDefault() is { } tls)
        {
            return new(ErrorCause.Tls, $"the TLS handshake failed ({tls.Message})");
        }

        if (exception is NpgsqlException && exception.Message.Contains("password", StringComparison.OrdinalIgnoreCase))
        {
            // e.g. "No password has been provided but the backend requires one"
            return new(ErrorCause.Auth, exception.Message, PostgresHints.Auth);
        }

        return exception is NpgsqlException or IOException or System.Net.Sockets.SocketException
            ? new(ErrorCause.Network, exception.Message)
            : new(ErrorCause.Internal, $"{exception.GetType().Name}: {exception.Message}");
    }
}
