using Cronos;

namespace Serverless.Diag.Configuration;

/// <summary>
/// A planned window from <c>maintenance:</c>: recurring (five-field cron in its time zone, lasting <see cref="Duration"/>)
/// or once (<see cref="Start"/> to <see cref="End"/>). Checks still run inside it; their incidents stay quiet.
/// </summary>
/// <param name="Environments">Empty: every environment.</param>
/// <param name="Checks">Empty together with <paramref name="Tags"/>: every check of the environments.</param>
public sealed record MaintenanceWindow(
    string Name,
    CronExpression? Cron,
    TimeSpan Duration,
    TimeZoneInfo Zone,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Checks,
    IReadOnlyList<string> Tags,
    SourceMark Mark)
{
    /// <summary>The occurrence of the window that holds <paramref name="now"/> (start inclusive, end exclusive), or null.</summary>
    public (DateTimeOffset Start, DateTimeOffset End)? ActiveAt(DateTimeOffset now)
    {
        if (Cron is null)
        {
            return Start <= now && now < End ? (Start!.Value, End!.Value) : null;
        }

        // The latest start within one duration before now; the duration is elapsed time, so a window over a DST
        // change lasts as long as any other.
        DateTimeOffset? latest = null;
        foreach (var start in Cron.GetOccurrences(now - Duration, now, Zone, fromInclusive: false, toInclusive: true))
        {
            latest = start;
        }

        return latest is { } s ? (s, s + Duration) : null;
    }

    /// <summary>The next occurrence starting after <paramref name="now"/>, for listings.</summary>
    public DateTimeOffset? NextStart(DateTimeOffset now) =>
        Cron is null ? (Start > now ? Start : null) : Cron.GetNextOccurrence(now, Zone);

    /// <summary>True when the window covers this check in this environment (whatever the time).</summary>
    public bool Covers(string environment, string check, IReadOnlyCollection<string> tags) =>
        (Environments.Count == 0 || Environments.Contains(environment, StringComparer.Ordinal))
        && ((Checks.Count == 0 && Tags.Count == 0)
            || Checks.Contains(check, StringComparer.Ordinal)
            || Tags.Any(t => tags.Contains(t, StringComparer.Ordinal)));
}
