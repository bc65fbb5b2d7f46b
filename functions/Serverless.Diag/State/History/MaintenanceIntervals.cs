using Serverless.Diag.Configuration;

namespace Serverless.Diag.State.History;

/// <summary>The occurrences of the <c>maintenance:</c> windows that cover one check, inside a period.</summary>
public static class MaintenanceIntervals
{
    public static List<(DateTimeOffset Start, DateTimeOffset End)> For(
        IEnumerable<MaintenanceWindow> windows, string environment, CheckDefinition check, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(check);
        var intervals = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var window in windows.Where(w => w.Covers(environment, check.Name, check.Tags.ToList())))
        {
            intervals.AddRange(Occurrences(window, from, to));
        }

        return intervals;
    }

    /// <summary>Every occurrence that overlaps the period, oldest first.</summary>
    public static IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Occurrences(MaintenanceWindow window, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Cron is null)
        {
            if (window.Start is { } start && window.End is { } end && end > from && start < to)
            {
                yield return (start, end);
            }

            yield break;
        }

        foreach (var start in window.Cron.GetOccurrences(from - window.Duration, to, window.Zone, fromInclusive: false, toInclusive: false))
        {
            yield return (start, start + window.Duration);
        }
    }
}
