using Microsoft.Extensions.Logging;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;
using Serverless.Diag.State;

namespace Serverless.Diag.Hosting;

/// <summary>
/// What the incidents themselves silence (a <c>/diag snooze</c>, the issue's <c>silenced</c> label) reaches the run's
/// report before it is written, and a snooze is kept in the state store as a silence: every instance honours it from
/// its next run, and <c>serverless-diag silence --list</c> shows it.
/// </summary>
public static partial class IncidentSilences
{
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Marks the report with <paramref name="summary"/>'s silenced checks; stores each snooze not yet stored. Never throws for the store.</summary>
    public static async Task<RunReport> ApplyAsync(RunReport report, IncidentSummary? summary, IStateStore? store, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (summary is not { Silenced.Count: > 0 } found)
        {
            return report;
        }

        if (store is ISilenceStore silences)
        {
            var marked = report.AllChecks.ToDictionary(c => (c.Environment, c.Name), c => c.Silenced);
            var now = time.GetUtcNow();
            foreach (var (environment, check, mark) in found.Silenced.Where(s => s.Mark is { Kind: SilenceMark.Snooze, Until: not null }))
            {
                // Already marked by the stored snooze (same id): the store has it.
                if (marked.GetValueOrDefault((environment, check)) is { Kind: SilenceMark.Snooze } stored && stored.Name == mark.Name)
                {
                    continue;
                }

                await StoreAsync(silences, Silence.ForSnooze(environment, check, now, mark.Until!.Value, mark.Reason), now, logger, cancellationToken);
            }
        }

        return SilenceRules.WithMarks(report, found.Silenced);
    }

    private static async Task StoreAsync(ISilenceStore silences, Silence snooze, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            await silences.AddSilenceAsync(snooze, now, timeout.Token).WaitAsync(timeout.Token);
            LogStored(logger, snooze.Id, snooze.Environment, snooze.Checks[0]);
        }
        catch (Exception e) when ((e is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && e is not OutOfMemoryException)
        {
            // The issue still holds the snooze: this run and the next honour it; only other instances' reports wait for the store.
            LogNotStored(logger, snooze.Environment, snooze.Checks[0], StoreErrors.OneLine(e));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snooze of {Environment}/{Check} kept in the state store as silence {Id}")]
    private static partial void LogStored(ILogger logger, string id, string environment, string check);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snooze of {Environment}/{Check} not kept in the state store this run: {Problem}")]
    private static partial void LogNotStored(ILogger logger, string environment, string check, string problem);
}
