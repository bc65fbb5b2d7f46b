using Microsoft.Extensions.Logging;

namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// Why a probe could not measure, with the guide's next step for it: what every probe and driver pack classifies a
/// fault into. <see cref="ApplyTo"/> is the one way it reaches a result: the message redacted, the hint added once,
/// the cause (never the message, which may quote the target) logged.
/// </summary>
public sealed record ProbeFailure(ErrorCause Cause, string Message, string? Hint = null)
{
    public ProbeResult ApplyTo(ProbeResult result, ProbeContext context)
    {
        result.Error = new ProbeError(Cause, context.Secrets.Redact(Message));
        if (Hint is not null && !result.Hints.Contains(Hint))
        {
            result.Hints.Add(Hint);
        }

        ProbeLog.CouldNotMeasure(context.Logger, context.CheckName, Cause.Name);
        return result;
    }

    public ProbeResult ToResult(ProbeContext context) => ApplyTo(new ProbeResult(), context);
}

internal static partial class ProbeLog
{
    // The cause only: a client message may quote endpoints and command arguments.
    [LoggerMessage(Level = LogLevel.Debug, Message = "check {Check} could not measure: {Cause}")]
    public static partial void CouldNotMeasure(ILogger logger, string check, string cause);
}
