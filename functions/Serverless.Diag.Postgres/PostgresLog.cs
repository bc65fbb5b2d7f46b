using Microsoft.Extensions.Logging;

namespace Serverless.Diag.Postgres;

internal static partial class PostgresLog
{
    // The cause only: a server message may quote the connection's user or database.
    [LoggerMessage(Level = LogLevel.Debug, Message = "postgres check {Check} could not measure: {Cause}")]
    public static partial void LogPostgresProbeFailed(this ILogger logger, string check, string cause);
}
