using System.Globalization;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Durations and sizes as the config and the assertion language write them.
/// Durations compare as milliseconds, sizes as bytes (1 KB = 1024 B, as Redis and PostgreSQL report).
/// </summary>
public static class Units
{
    private static readonly (string Suffix, double Factor)[] DurationUnits =
        [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];

    private static readonly (string Suffix, double Factor)[] SizeUnits =
        [("KB", 1024), ("MB", 1024 * 1024), ("GB", 1024d * 1024 * 1024), ("B", 1)];

    /// <summary>The longest duration any setting accepts: beyond it timers and date arithmetic overflow.</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromDays(365);

    /// <summary>The largest size any setting accepts.</summary>
    public const long MaxSize = 1024L * 1024 * 1024 * 1024;

    /// <summary>A duration from 0 to <see cref="MaxDuration"/>; larger, negative or non-finite numbers are refused.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (!TryParseMilliseconds(text, out var ms) || ms < 0 || ms > MaxDuration.TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    /// <summary>
    /// The number of milliseconds a duration is written as, which may be out of any range (even infinite, for
    /// <c>1e308d</c>): callers check the range and say what it is. Only NaN is not a number at all.
    /// </summary>
    public static bool TryParseMilliseconds(string text, out double milliseconds) =>
        TrySplit(text, DurationUnits, out milliseconds) && !double.IsNaN(milliseconds);

    /// <summary>A size from 0 to <see cref="MaxSize"/>.</summary>
    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = default;
        if (!TryParseBytes(text, out var value) || value < 0 || value > MaxSize)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary>The number of bytes a size is written as, which may be out of any range.</summary>
    public static bool TryParseBytes(string text, out double bytes) =>
        TrySplit(text, SizeUnits, out bytes) && !double.IsNaN(bytes);

    /// <summary>A limit as a user would write it in the config: <c>365d</c>, <c>24h</c>, <c>1ms</c>.</summary>
    public static string WriteDuration(TimeSpan duration) => duration switch
    {
        { Ticks: 0 } => "0s",
        _ when duration.Ticks % TimeSpan.TicksPerDay == 0 && duration.Days > 1 => $"{duration.Days}d",
        _ when duration.Ticks % TimeSpan.TicksPerHour == 0 => $"{duration.Ticks / TimeSpan.TicksPerHour}h",
        _ when duration.Ticks % TimeSpan.TicksPerMinute == 0 => $"{duration.Ticks / TimeSpan.TicksPerMinute}m",
        _ when duration.Ticks % TimeSpan.TicksPerSecond == 0 => $"{duration.Ticks / TimeSpan.TicksPerSecond}s",
        _ => $"{duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms",
    };

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 when bytes % (1024L * 1024 * 1024) == 0 => $"{bytes / (1024L * 1024 * 1024)}GB",
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)}MB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024}KB",
        _ => $"{bytes}B",
    };

    public static string FormatDuration(TimeSpan duration) => duration.TotalMilliseconds switch
    {
        < 1000 => $"{duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)}ms",
        < 60_000 => $"{duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)}s",
        < 3_600_000 => $"{duration.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture)}m",
        _ => $"{duration.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)}h",
    };

    private static bool TrySplit(string text, (string Suffix, double Factor)[] units, out double value)
    {
        value = 0;
        var trimmed = text.Trim();
        foreach (var (suffix, factor) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(trimmed.AsSpan(0, trimmed.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                value = number * factor;
                return true;
            }
        }

        return false;
    }
}
