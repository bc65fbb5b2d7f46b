using System.Globalization;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Sinks.Availability;

/// <summary>How the availability figures read in every format: percentages, durations, the period's name.</summary>
public static class AvailabilityText
{
    public const string NoData = "no data";

    /// <summary>Three decimals: 99.9% and 99.95% differ by 22 minutes a month, and a report must show it.</summary>
    public static string Percent(double? share) =>
        share is { } s ? (s * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%" : NoData;

    /// <summary>The share of the period no run spoke for, whole percent unless small.</summary>
    public static string Share(double share) =>
        share == 0 ? "0%" : (share * 100).ToString(share < 0.01 ? "0.##" : "0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>Two units at most: <c>45s</c>, <c>12m 30s</c>, <c>3h 5m</c>, <c>2d 4h</c>.</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "-";
        }

        var seconds = (long)Math.Round(d.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 3600 => Two(seconds / 60, "m", seconds % 60, "s"),
            < 86400 => Two(seconds / 3600, "h", seconds % 3600 / 60, "m"),
            _ => Two(seconds / 86400, "d", seconds % 86400 / 3600, "h"),
        };
    }

    private static string Two(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? $"{major}{majorUnit}" : $"{major}{majorUnit} {minor}{minorUnit}";

    public static string Latency(double? milliseconds) =>
        milliseconds is { } ms ? ms.ToString(ms < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " ms" : "-";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"November 2026" for a whole calendar month (the monthly report), else "the 30 days to 2026-12-02 06:00 UTC".</summary>
    public static string PeriodName(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from.UtcDateTime;
        if (start is { Day: 1, Hour: 0, Minute: 0, Second: 0 } && to.UtcDateTime == start.AddMonths(1))
        {
            return start.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
        }

        if (start is { Day: 1, Hour: 0, Minute: 0, Second: 0 } && to.UtcDateTime < start.AddMonths(1))
        {
            return start.ToString("MMMM yyyy", CultureInfo.InvariantCulture) + $" (to {Time(to)} UTC)";
        }

        return $"the {Duration(to - from)} to {Time(to)} UTC";
    }

    public static string OutageEnd(Outage outage) => outage.End is { } end ? Time(end) : "ongoing";
}
