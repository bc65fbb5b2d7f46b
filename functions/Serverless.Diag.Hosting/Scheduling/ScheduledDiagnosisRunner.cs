using System.Globalization;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Hosting.Scheduling;

/// <summary>
/// The scheduled run: every environment, every check that is due, incidents filed. Shared by the Functions timer trigger and
/// <c>serverless-diag serve</c>'s scheduler, so both behave the same.
/// </summary>
/// <param name="history">Publishes the availability report issue and the status page after each completed run (null: neither).</param>
public sealed class ScheduledDiagnosisRunner(DiagnosisService diagnosis, History.HistoryPublisher? history = null)
{
    /// <returns>A one-line summary of what the run found (a run that found failures still succeeded).</returns>
    /// <exception cref="ScheduledDiagnosisFailedException">Nothing could run (the config or app settings); the message says why.</exception>
    public async Task<string> RunAsync(ScheduleTrigger trigger, CancellationToken cancellationToken)
    {
        // Load checks run where the environment's allow_load says so: the schedule is the operator's own.
        // Each tick runs the checks that are due (every check without a state store): DIAG_SCHEDULE is the tick.
        var outcome = await diagnosis.RunAsync(new DiagnosisRequest { FileIssues = true, DueOnly = true }, RunFilter.All, trigger.Describe(), cancellationToken);
        if (outcome is DiagnosisOutcome.Completed done && history is not null)
        {
            var published = await history.PublishAsync(done.Config, cancellationToken);
            return published.Count == 0 ? Summarise(done) : Summarise(done) + "; " + string.Join("; ", published);
        }

        return outcome switch
        {
            DiagnosisOutcome.Completed completed => Summarise(completed),
            DiagnosisOutcome.ConfigRefused refused => throw new ScheduledDiagnosisFailedException(
                $"the deployed configuration {Path.GetFileName(refused.ConfigPath)} cannot run; nothing was checked: {string.Join(" | ", refused.Problems)}"),
            DiagnosisOutcome.UnknownSelection unknown => throw new ScheduledDiagnosisFailedException(unknown.Message),
            _ => throw new InvalidOperationException($"unexpected outcome {outcome.GetType().Name}"),
        };
    }

    private static string Summarise(DiagnosisOutcome.Completed completed)
    {
        var report = completed.Result.Report;
        var s = report.Summary;
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{report.Status.ToWire()}: {s.Total} check(s) in {report.Environments.Count} environment(s): {s.Pass} pass, {s.Warn} warn, {s.Fail} fail, {s.Error} error, {s.Skipped} skipped");
        if (completed.Incidents is { } i)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; incidents: {i.Opened} opened, {i.Updated} updated, {i.Closed} closed");
        }
        else if (!completed.IncidentsAvailable)
        {
            text += "; incidents: not configured (GITHUB_TOKEN, repository)";
        }

        return text;
    }
}

/// <summary>A scheduled run that could not run at all; the Functions host records it as a failed invocation with this message.</summary>
public sealed class ScheduledDiagnosisFailedException : Exception
{
    public ScheduledDiagnosisFailedException()
    {
    }

    public ScheduledDiagnosisFailedException(string message)
        : base(message)
    {
    }

    public ScheduledDiagnosisFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
