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

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        if (!TrySplit(text, DurationUnits, out var ms) || ms < 0)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = default;
        if (!TrySplit(text, SizeUnits, out var value) || value < 0)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

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
