namespace Serverless.Diag.Assertions;

/// <summary>The units a number may carry, each with its factor to the engine's base unit (ms, bytes, ratio).</summary>
internal static class ValueUnits
{
    private static readonly Dictionary<string, (NumberUnit Unit, double Factor)> Known = new(StringComparer.Ordinal)
    {
        ["ms"] = (NumberUnit.Duration, 1),
        ["s"] = (NumberUnit.Duration, 1_000),
        ["m"] = (NumberUnit.Duration, 60_000),
        ["h"] = (NumberUnit.Duration, 3_600_000),
        ["d"] = (NumberUnit.Duration, 86_400_000),
        ["B"] = (NumberUnit.Size, 1),
        ["KB"] = (NumberUnit.Size, 1024),
        ["MB"] = (NumberUnit.Size, 1024d * 1024),
        ["GB"] = (NumberUnit.Size, 1024d * 1024 * 1024),
        ["%"] = (NumberUnit.Percent, 0.01),
    };

    public const double Kilobyte = 1024;

    public static bool TryGet(string unit, out NumberUnit kind, out double factor)
    {
        if (unit.Length == 0)
        {
            (kind, factor) = (NumberUnit.None, 1);
            return true;
        }

        var found = Known.TryGetValue(unit, out var entry);
        (kind, factor) = entry;
        return found;
    }

    /// <summary>The units to suggest for a misspelt one, guessed from what it looks like.</summary>
    public static string Suggest(string unit)
    {
        if (unit.Equals("xx", StringComparison.OrdinalIgnoreCase))
        {
            return "for a status class write status >= 200 and status < 300 on two lines, or status matches \"^2\"";
        }

        if (unit.EndsWith('b') || unit.EndsWith('B') || unit.Contains("byte", StringComparison.OrdinalIgnoreCase))
        {
            return "use B, KB, MB, GB";
        }

        if (unit.Contains('%', StringComparison.Ordinal) || unit.StartsWith("pc", StringComparison.OrdinalIgnoreCase) || unit.StartsWith("perc", StringComparison.OrdinalIgnoreCase))
        {
            return "use % after the number, e.g. 80%";
        }

        return "msdhun".Contains(char.ToLowerInvariant(unit[0]), StringComparison.Ordinal)
            ? "use ms, s, m, h, d"
            : "use ms, s, m, h, d for durations, B, KB, MB, GB for sizes, or %";
    }
}
