using System.Globalization;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Functions.Invocations;
using Serverless.Diag.Functions.Logging;
using Serverless.Diag.Functions.Running;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Functions.Scheduled;

/// <summary>
/// The timer function: every environment, every check, incidents filed. Shared by the host's timer
/// invocation and the standalone scheduler, so both behave the same.
/// </summary>
public sealed class ScheduledDiagnosisFunction(DiagnosisService diagnosis, RedactingLoggerFactory loggers)
{
    public const string Name = "ScheduledDiagnosis";

    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.Functions.ScheduledDiagnosis");

    /// <returns>The HTTP status for the host (200: the run completed, whatever it found) and the envelope.</returns>
    public async Task<(int StatusCode, InvocationResponse Response)> InvokeAsync(TimerInfo timer, CancellationToken cancellationToken)
    {
        using var scope = InvocationLog.Begin(out var log);
        DescribeTrigger(timer);

        // Load checks run where the environment's allow_load says so: the schedule is the operator's own.
        var outcome = await diagnosis.RunAsync(new DiagnosisRequest { FileIssues = true }, RunFilter.All, cancellationToken);
        return outcome switch
        {
            DiagnosisOutcome.Completed completed => (200, new InvocationResponse { Logs = log.Lines, ReturnValue = Summarise(completed) }),
            DiagnosisOutcome.ConfigRefused refused => (500, new InvocationResponse
            {
                Logs = log.Lines,
                ReturnValue = $"The deployed configuration {Path.GetFileName(refused.ConfigPath)} cannot run ({refused.Errors.Count} problem(s)); nothing was checked. Fix the file or the app settings it names.",
            }),
            DiagnosisOutcome.UnknownSelection unknown => (500, new InvocationResponse { Logs = log.Lines, ReturnValue = unknown.Message }),
            _ => throw new InvalidOperationException($"unexpected outcome {outcome.GetType().Name}"),
        };
    }

    private void DescribeTrigger(TimerInfo timer)
    {
        if (timer.IsPastDue)
        {
            // The host missed the slot (the app was scaled to zero or down, or the previous run overran): say so, then catch up once.
            _logger.LogWarning(
                "Timer is past due (scheduled {Next}); running now",
                timer.ScheduleStatus is { } s && s.Next != DateTimeOffset.MinValue ? s.Next.ToString("O", CultureInfo.InvariantCulture) : "unknown");
        }

        if (timer.ScheduleStatus is null)
        {
            _logger.LogInformation("Scheduled diagnosis (no schedule status from the host)");
        }
        else if (timer.ScheduleStatus.IsFirstRun)
        {
            _logger.LogInformation("Scheduled diagnosis: first run, next at {Next}", timer.ScheduleStatus.Next.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            _logger.LogInformation(
                "Scheduled diagnosis: last run {Last}, next at {Next}",
                timer.ScheduleStatus.Last.ToString("O", CultureInfo.InvariantCulture),
                timer.ScheduleStatus.Next.ToString("O", CultureInfo.InvariantCulture));
        }
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
