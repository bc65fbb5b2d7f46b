using System.Diagnostics;
using Serverless.Diag.Cli.Commands.Serve;

namespace Serverless.Diag.Tests.Functions;

public sealed class CronSchedulerTests
{
    private const string Config = """
        version: 1
        environments:
          staging: {}
        checks:
          - name: stub-check
            type: stub
        """;

    [Fact]
    public async Task Fires_ScheduledDiagnosis_every_five_minutes_by_default_without_waiting_for_real()
    {
        var time = InProcessHandler.FakeTime("2026-03-01T10:01:30Z");
        await using var handler = await InProcessHandler.StartAsync(Config, new() { ["DIAG_SCHEDULE"] = "0 */5 * * * *" }, time: time);
        var scheduler = handler.App.Scheduler;

        // Nothing before the first slot (10:05:00).
        await AdvanceUntilAsync(time, scheduler, TimeSpan.FromMinutes(3), expected: 0);
        Assert.Equal(0, handler.Stub.Runs);

        await AdvanceUntilAsync(time, scheduler, TimeSpan.FromMinutes(1), expected: 1);
        Assert.Equal(1, handler.Stub.Runs);

        await AdvanceUntilAsync(time, scheduler, TimeSpan.FromMinutes(5), expected: 2);
        Assert.Equal(2, handler.Stub.Runs);
    }

    [Fact]
    public async Task Schedule_with_seconds_from_DIAG_SCHEDULE()
    {
        var time = InProcessHandler.FakeTime("2026-03-01T10:00:00Z");
        await using var handler = await InProcessHandler.StartAsync(
            Config,
            new() { ["DIAG_SCHEDULE"] = "*/20 * * * * *" },
            time: time);
        var scheduler = handler.App.Scheduler;

        await AdvanceUntilAsync(time, scheduler, TimeSpan.FromSeconds(20), expected: 1);
        await AdvanceUntilAsync(time, scheduler, TimeSpan.FromSeconds(20), expected: 2);

        Assert.Equal(2, handler.Stub.Runs);
    }

    [Fact]
    public async Task A_slot_more_than_49_days_away_is_waited_for_in_steps_instead_of_stopping_the_host()
    {
        // Task.Delay refuses a single wait beyond about 49.7 days; the next 29 February is two years away.
        var time = InProcessHandler.FakeTime("2026-03-01T10:00:00Z");
        await using var handler = await InProcessHandler.StartAsync(Config, new() { ["DIAG_SCHEDULE"] = "0 0 0 29 2 *" }, time: time);
        var scheduler = handler.App.Scheduler;

        var waited = Stopwatch.StartNew();
        while (scheduler.Completed == 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
            time.Advance(TimeSpan.FromDays(20));
        }

        Assert.Equal(1, scheduler.Completed);
        Assert.Equal(1, handler.Stub.Runs);
        Assert.True(time.GetUtcNow() >= new DateTimeOffset(2028, 2, 29, 0, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("00:05:00")]
    [InlineData("every 5 minutes")]
    public void Refuses_a_schedule_without_seconds(string schedule)
    {
        var error = Assert.Throws<ArgumentException>(() => CronScheduler.Parse(schedule));

        Assert.Contains("DIAG_SCHEDULE", error.Message, StringComparison.Ordinal);
    }

    // Fake time moves in small steps: the scheduler must have registered its delay before a step can fire it.
    private static async Task AdvanceUntilAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, CronScheduler scheduler, TimeSpan total, int expected)
    {
        var step = TimeSpan.FromSeconds(5);
        for (var moved = TimeSpan.Zero; moved < total; moved += step)
        {
            await Task.Delay(20);
            time.Advance(step);
        }

        var waited = Stopwatch.StartNew();
        while (scheduler.Completed < expected && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Assert.Equal(expected, scheduler.Completed);
    }
}
