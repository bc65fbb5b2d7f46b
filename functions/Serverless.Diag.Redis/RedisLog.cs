using Microsoft.Extensions.Logging;

namespace Serverless.Diag.Redis;

internal static partial class RedisLog
{
    // The cause only: a client message may quote endpoints and command arguments.
    [LoggerMessage(Level = LogLevel.Debug, Message = "redis check {Check} could not measure: {Cause}")]
    public static partial void LogRedisProbeFailed(this ILogger logger, string check, string cause);
}
