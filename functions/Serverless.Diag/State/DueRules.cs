using Serverless.Diag.Configuration;

namespace Serverless.Diag.State;

/// <summary>Which checks a tick runs: those without an interval, those never run, and those whose interval has passed.</summary>
public static class DueRules
{
    // Timer ticks jitter by a second or so; without slack a 15m check on a 1m tick would slip to 16m.
    private static readonly TimeSpan MaximumSlack = TimeSpan.FromSeconds(30);

    public static bool IsDue(CheckMemory memory, CheckState? state, DateTimeOffset storeNow) =>
        IntervalFor(memory, state) is not { } interval
        || state?.LastRunAt is not { } lastRun
        || storeNow - lastRun >= interval - Slack(interval);

    /// <summary>The interval in force: the faster one while failing, when set.</summary>
    public static TimeSpan? IntervalFor(CheckMemory memory, CheckState? state) =>
        state is { IsFailing: true } && memory.IntervalWhenFailing is { } whenFailing ? whenFailing : memory.Interval;

    private static TimeSpan Slack(TimeSpan interval) => interval / 10 < MaximumSlack ? interval / 10 : MaximumSlack;
}
