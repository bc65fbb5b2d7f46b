using System.Buffers;
using System.Collections;
using System.Globalization;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Assertions;

/// <summary>
/// Shows a measured value the way the assertion was written: a latency next to <c>2s</c> as <c>2350ms</c>,
/// a ratio next to <c>80%</c> as <c>93%</c>, a size as <c>12.5MB</c>, text quoted and cut at 200 characters.
/// </summary>
public static class ValueFormatter
{
    public const int MaxLength = 200;

    private const string Ellipsis = "…";

    private static readonly SearchValues<char> NumberCharacters = SearchValues.Create("-+.0123456789eE");

    public static string Format(object? actual, AssertionValue? expected = null) => actual switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => FormatNumber(d, NumberHint(expected)),
        MeasuredNumber m => NumberHint(expected) is { Unit: not NumberUnit.None } hint ? FormatNumber(m.Value, hint) : m.Text,
        MeasuredObject o => FormatText(o.Json),
        string s => FormatText(s),
        IEnumerable list => FormatList(list, expected),
        _ => FormatText(actual.ToString() ?? ""),
    };

    public static string FormatNumber(double value, NumberValue? hint) => hint?.Unit switch
    {
        NumberUnit.Duration => FormatDuration(value, hint.Written),
        NumberUnit.Size => FormatSize(value),
        NumberUnit.Percent => Plain(value * 100) + "%",
        _ => Plain(value),
    };

    /// <summary>
    /// A number without a unit: integers as integers, fractions to 4 places, tiny values in exponent form, and from
    /// 1e15 on every digit the double holds (a custom format would stop at 15 significant digits and pad with zeros).
    /// </summary>
    public static string Plain(double value) =>
        // Whole numbers (statuses, counts) are most values: integer formatting is far cheaper than a custom format.
        Math.Abs(value) < 1e15 && value == Math.Truncate(value) ? ((long)value).ToString(CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1e15 && double.IsFinite(value) ? Shortest(value)
        : value == 0 || Math.Abs(value) >= 1e-4 || !double.IsFinite(value)
            ? value.ToString("0.####", CultureInfo.InvariantCulture)
            : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>
    /// The shortest text that reads back as <paramref name="value"/>, written out in full below 1e21
    /// (<c>1234567890123456789</c> rather than <c>1.2345678901234568E+18</c>), in exponent form above.
    /// </summary>
    private static string Shortest(double value)
    {
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var e = roundTrip.IndexOf('E', StringComparison.Ordinal);
        if (e < 0 || Math.Abs(value) >= 1e21)
        {
            return roundTrip;
        }

        var exponent = int.Parse(roundTrip.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = roundTrip[..e];
        var sign = mantissa.StartsWith('-') ? "-" : "";
        var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal);
        var point = 1 + exponent;
        return point >= digits.Length
            ? sign + digits + new string('0', point - digits.Length)
            : sign + digits[..point] + "." + digits[point..];
    }

    private static string FormatDuration(double milliseconds, string written)
    {
        // Minutes, hours and days read better in their own unit; seconds are shown as ms, where latencies live.
        var unitAt = written.AsSpan().IndexOfAnyExcept(NumberCharacters);
        var unit = unitAt < 0 ? "" : written[unitAt..];
        return unit is "m" or "h" or "d" && ValueUnits.TryGet(unit, out _, out var factor)
            ? Rounded(milliseconds / factor, 2) + unit
            : Rounded(milliseconds, 1) + "ms";
    }

    private static string FormatSize(double bytes)
    {
        string[] names = ["B", "KB", "MB", "GB"];
        var index = 0;
        var scaled = bytes;
        while (index < names.Length - 1 && Math.Abs(scaled) >= ValueUnits.Kilobyte)
        {
            scaled /= ValueUnits.Kilobyte;
            index++;
        }

        return Rounded(scaled, 1) + names[index];
    }

    /// <summary>
    /// The value to at most <paramref name="places"/> decimals, trailing zeros dropped (what "0.#" gives). Rounding
    /// first and printing the shortest form is several times cheaper than a custom format string, and every
    /// latency assertion of every check formats one.
    /// </summary>
    private static string Rounded(double value, int places)
    {
        if (!double.IsFinite(value))
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        if (Math.Abs(value) >= 1e15)
        {
            return Shortest(value);
        }

        var rounded = Math.Round(value, places, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0" : rounded.ToString(CultureInfo.InvariantCulture);
    }

    private static string FormatText(string text) =>
        text.Length <= MaxLength
            ? QuotedString.Quote(text)
            : QuotedString.Quote(text[..MaxLength]) + Ellipsis;

    private static string FormatList(IEnumerable list, AssertionValue? expected)
    {
        var itemHint = expected is ListValue { Items.Count: > 0 } l ? l.Items[0] : expected;
        var text = "[" + string.Join(", ", list.Cast<object?>().Select(i => Format(i, itemHint))) + "]";
        return text.Length <= MaxLength ? text : text[..MaxLength] + Ellipsis;
    }

    private static NumberValue? NumberHint(AssertionValue? expected) => expected switch
    {
        NumberValue n => n,
        ListValue l => l.Items.OfType<NumberValue>().FirstOrDefault(),
        _ => null,
    };
}
