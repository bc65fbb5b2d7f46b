using System.Globalization;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Functions.Hosting;
using Serverless.Diag.Functions.Invocations;
using Serverless.Diag.Functions.Logging;

namespace Serverless.Diag.Functions.Scheduled;

/// <summary>
/// <c>--standalone</c>: plays the Functions host's timer for users without Azure (a container, a VM).
/// Fires <see cref="ScheduledDiagnosisFunction"/> on DIAG_SCHEDULE (NCRONTAB with seconds, UTC), one run at a
/// time; a run that overruns its next slot makes the following invocation past due, as the host would.
/// </summary>
public sealed class StandaloneScheduler(
    ScheduledDiagnosisFunction function,
    HandlerSettings settings,
    TimeProvider timeProvider,
    RedactingLoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan PastDueTolerance = TimeSpan.FromSeconds(1);
    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.Functions.StandaloneScheduler");
    private int _completed;

    /// <summary>How many invocations have completed.</summary>
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
        var last = DateTimeOffset.MinValue;
        var next = schedule.GetNextOccurrence(timeProvider.GetUtcNow(), TimeZoneInfo.Utc);
        _logger.LogInformation("Standalone: ScheduledDiagnosis on '{Schedule}', first at {Next}", settings.Schedule, Format(next));
        while (next is { } due && !stoppingToken.IsCancellationRequested)
        {
            var wait = due - timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var now = timeProvider.GetUtcNow();
            var following = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            var timer = new TimerInfo
            {
                // Already late before waiting: the previous run overran its slot, or the machine slept.
                IsPastDue = wait < -PastDueTolerance,
                ScheduleStatus = new ScheduleStatus { Last = last, Next = following ?? DateTimeOffset.MaxValue, LastUpdated = now },
            };
            await InvokeAsync(timer, stoppingToken);
            last = due;
            next = following;
        }
    }

    private async Task InvokeAsync(TimerInfo timer, CancellationToken stoppingToken)
    {
        try
        {
            var (status, response) = await function.InvokeAsync(timer, stoppingToken);
            _logger.LogInformation("ScheduledDiagnosis finished ({Status}): {Summary}", status, response.ReturnValue);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-run.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A run that breaks must not stop the schedule: the next slot tries again.
            _logger.LogError("ScheduledDiagnosis failed: {Message}", e.Message);
        }
        finally
        {
            Interlocked.Increment(ref _completed);
        }
    }

    private static string Format(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "never";
}
