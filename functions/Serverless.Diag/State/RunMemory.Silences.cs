using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;

namespace Serverless.Diag.State;

/// <summary>Ends the <c>--until-pass</c> silences whose checks all passed this run.</summary>
public sealed partial class RunMemory
{
    public async Task<RunReport> EndPassedSilencesAsync(RunReport report, MemoryContext context, CancellationToken cancellationToken)
    {
        if (store is not ISilenceStore silences)
        {
            return report;
        }

        var ended = SilenceRules.EndedByPass(report, context.Silences, time.GetUtcNow() + context.ClockOffset);
        if (ended.Count == 0)
        {
            return report;
        }

        var warnings = new List<string>();
        foreach (var silence in ended)
        {
            if (await TryAsync(silence.Environment, "end silence", async ct => (object)await silences.RemoveSilenceAsync(silence.Id, ct), warnings, cancellationToken) is not null)
            {
                LogSilenceEnded(silence.Id, silence.Environment);
            }
        }

        return warnings.Count == 0 || report.State is not { } state ? report : report with { State = state with { Warnings = [.. state.Warnings, .. warnings] } };
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Silence {Id} in '{Environment}' ended: every check it covers passed")]
    private partial void LogSilenceEnded(string id, string environment);
}
