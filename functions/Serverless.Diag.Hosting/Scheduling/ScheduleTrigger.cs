using System.Globalization;

namespace Serverless.Diag.Hosting.Scheduling;

/// <summary>
/// What fired a scheduled run, as the Functions timer trigger (TimerInfo) or serve's own scheduler tells it.
/// </summary>
/// <param name="IsPastDue">Later than scheduled: the app was scaled to zero or down, or the previous run overran.</param>
/// <param name="Last">The previous occurrence; null on the first run or without a schedule monitor.</param>
/// <param name="Next">The next occurrence; null when the host did not say (no ScheduleStatus).</param>
public sealed record ScheduleTrigger(bool IsPastDue, DateTimeOffset? Last, DateTimeOffset? Next)
{
    /// <summary>For the run's summary line: "timer", "timer (first run)", "timer (past due; next 2026-...)".</summary>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (IsPastDue)
        {
            parts.Add("past due");
        }

        if (Next is null)
        {
            parts.Add("no schedule status");
        }
        else
        {
            if (Last is null)
            {
                parts.Add("first run");
            }

            parts.Add("next " + Next.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }

        return $"timer ({string.Join("; ", parts)})";
    }
}
