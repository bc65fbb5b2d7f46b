using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;

namespace Serverless.Diag.State;

/// <summary>Records this run's passes on the <c>--until-pass</c> silences, and ends those whose checks have all passed once.</summary>
public sealed partial class RunMemory
{
    public async Task<RunReport> EndPassedSilencesAsync(RunReport report, DiagConfig config, MemoryContext context, CancellationToken cancellationToken)
    {
        if (store is not ISilenceStore silences)
        {
            return report;
        }

        var progress = SilenceRules.PassProgress(report, config, context.Silences, time.GetUtcNow() + context.ClockOffset);
        if (progress.Count == 0)
        {
            return report;
        }

        var warnings = new List<string>();
        foreach (var step in progress)
        {
            var silence = step.Silence;
            if (!step.Ends)
            {
                // Merged in the store with what other instances recorded: their passes may complete it.
                var recorded = await TryAsync(silence.Environment, "record silence passes", async ct => new[] { await silences.RecordPassesAsync(silence.Id, step.PassedNow, ct) }, warnings, cancellationToken);
                if (recorded is not [{ } stored] || SilenceRules.PassProgress(report, config, [stored], time.GetUtcNow() + context.ClockOffset) is not [{ Ends: true }])
                {
                    continue;
                }
            }

            if (await TryAsync(silence.Environment, "end silence", async ct => (object)await silences.RemoveSilenceAsync(silence.Id, ct), warnings, cancellationToken) is not null)
            {
                LogSilenceEnded(silence.Id, silence.Environment);
            }
        }

        return warnings.Count == 0 || report.State is not { } state ? report : report with { State = state with { Warnings = [.. state.Warnings, .. warnings] } };
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information, Message = "Silence {Id} in '{Environment}' ended: every check it covers has passed")]
    private partial void LogSilenceEnded(string id, string environment);
}
