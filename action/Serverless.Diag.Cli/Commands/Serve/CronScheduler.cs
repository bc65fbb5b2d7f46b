using System.Globalization;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Hosting.Scheduling;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary>
/// <c>serve</c>'s timer: fires the scheduled run on DIAG_SCHEDULE (NCRONTAB with seconds, UTC), one run at a
/// time, as the Functions timer trigger would; a run that overruns its next slot makes the following one past due.
/// </summary>
internal sealed class CronScheduler(
    ScheduledDiagnosisRunner runner,
    DiagnosisSettings settings,
    TimeProvider timeProvider,
    RedactingLoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);

    // Task.Delay refuses waits beyond about 49.7 days (a uint of milliseconds); a yearly or leap-day schedule
    // waits in steps of at most this, checking the clock between them.
    private static readonly TimeSpan LongestSingleWait = TimeSpan.FromDays(1);
    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.Serve.Scheduler");
    private int _completed;

    /// <summary>How many scheduled runs have ended (completed or failed).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <exception cref="ArgumentException">Not an NCRONTAB expression with seconds.</exception>
    public static CronExpression Parse(string schedule)
    {
        try
        {
            return CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            throw new ArgumentException($"DIAG_SCHEDULE '{schedule}' is not an NCRONTAB expression with seconds (e.g. '0 */5 * * * *'): {e.Message}", e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = Parse(settings.Schedule);
        DateTimeOffset? last = null;
        var next = schedule.GetNextOccurrence(timeProvider.GetUtcNow(), TimeZoneInfo.Utc);
        _logger.LogInformation("ScheduledDiagnosis on '{Schedule}' (UTC), first at {Next}", settings.Schedule, Format(next));
        while (next is { } due && !stoppingToken.IsCancellationRequested)
        {
            var wait = due - timeProvider.GetUtcNow();
            try
            {
                await WaitUntilAsync(due, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var following = schedule.GetNextOccurrence(timeProvider.GetUtcNow(), TimeZoneInfo.Utc);

            // Already late before waiting: the previous run overran its slot, or the machine slept.
            await RunOnceAsync(new ScheduleTrigger(wait < -PastDueTolerance, last, following), stoppingToken);
            last = due;
            next = following;
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        for (var left = due - timeProvider.GetUtcNow(); left > TimeSpan.Zero; left = due - timeProvider.GetUtcNow())
        {
            await Task.Delay(left < LongestSingleWait ? left : LongestSingleWait, timeProvider, stoppingToken);
        }
    }

    private async Task RunOnceAsync(ScheduleTrigger trigger, CancellationToken stoppingToken)
    {
        try
        {
            await runner.RunAsync(trigger, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-run.
        }
        catch (ScheduledDiagnosisFailedException)
        {
            // Already logged at Error by the diagnosis service; the next slot tries again.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A run that breaks must not stop the schedule.
            _logger.LogError(e, "ScheduledDiagnosis failed unexpectedly");
        }
        finally
        {
            Interlocked.Increment(ref _completed);
        }
    }

    private static string Format(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "never";
}
