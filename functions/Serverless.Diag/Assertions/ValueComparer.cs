using System.Collections;
using System.Globalization;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Assertions;

/// <summary>How a measured value (double, string, bool, null or a list) meets a literal.</summary>
internal static class ValueComparer
{
    /// <summary>
    /// The measurement vocabulary (double, string, bool, null, list) for values a resolver returned as they
    /// came: other numeric types become doubles, a TimeSpan milliseconds, any sequence a list.
    /// </summary>
    public static object? Normalize(object? value) => value switch
    {
        null or string or bool or double or MeasuredNumber or MeasuredObject => value,
        int or long or float or decimal or short or byte or uint or ulong => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalMilliseconds,
        IEnumerable list => list.Cast<object?>().Select(Normalize).ToList(),
        _ => value.ToString(),
    };

    /// <summary>Doubles as they are; text that is a finite number (JSON <c>"42"</c>, a header) as that number.</summary>
    public static bool TryGetNumber(object? actual, out double number)
    {
        switch (actual)
        {
            case double d:
                number = d;
                return true;
            case MeasuredNumber m:
                number = m.Value;
                return true;
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                number = parsed;
                return true;
            default:
                number = 0;
                return false;
        }
    }

    public static bool AreEqual(object? actual, AssertionValue expected) => expected switch
    {
        NumberValue n => ExactOrder(actual, n) is { } order ? order == 0 : TryGetNumber(actual, out var x) && NearlyEqual(x, n.Value),
        StringValue s => AsText(actual) is { } text && actual is not bool && string.Equals(text, s.Value, StringComparison.Ordinal),
        BoolValue b => actual switch
        {
            bool flag => flag == b.Value,
            string text => bool.TryParse(text, out var flag) && flag == b.Value,
            _ => false,
        },
        NullValue => actual is null,
        ListValue l => actual is IEnumerable list and not string
            && list.Cast<object?>().ToList() is var items
            && items.Count == l.Items.Count
            && items.Zip(l.Items).All(p => AreEqual(p.First, p.Second)),
        _ => false,
    };

    /// <summary>
    /// For a number kept as written (<see cref="MeasuredNumber"/>) against a plain literal: the comparison done on
    /// the decimal digits, so ids beyond a double's 15-16 digits compare exactly. Null when that does not apply.
    /// </summary>
    public static bool? OrderExactly(object? actual, AssertionOperator op, NumberValue expected) => ExactOrder(actual, expected) switch
    {
        null => null,
        var c => op switch
        {
            AssertionOperator.Less => c < 0,
            AssertionOperator.LessOrEqual => c <= 0,
            AssertionOperator.Greater => c > 0,
            AssertionOperator.GreaterOrEqual => c >= 0,
            _ => false,
        },
    };

    private static int? ExactOrder(object? actual, NumberValue expected) =>
        actual is MeasuredNumber m && expected.Unit == NumberUnit.None
        && decimal.TryParse(m.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var left)
        && decimal.TryParse(expected.Written, NumberStyles.Float, CultureInfo.InvariantCulture, out var right)
            ? left.CompareTo(right)
            : null;

    /// <summary>Items of a list, properties of an object, characters (Unicode scalars) of text; null for anything else.</summary>
    public static int? Length(object? actual) => actual switch
    {
        string text => text.EnumerateRunes().Count(),
        MeasuredObject o => o.Count,
        IEnumerable list => list.Cast<object?>().Count(),
        _ => null,
    };

    /// <summary>A measured value as the literal it would be written as, to compare one measurement with another.</summary>
    public static AssertionValue ToLiteral(object? value) => value switch
    {
        null => NullValue.Instance,
        bool b => new BoolValue(b),
        double d => new NumberValue(d, NumberUnit.None, ValueFormatter.Plain(d)),
        MeasuredNumber m => new NumberValue(m.Value, NumberUnit.None, m.Text),
        string text => new StringValue(text),
        IEnumerable list => new ListValue([.. list.Cast<object?>().Select(ToLiteral)]),
        _ => new StringValue(value.ToString() ?? ""),
    };

    public static bool Order(double actual, AssertionOperator op, double expected) => op switch
    {
        AssertionOperator.Less => actual < expected,
        AssertionOperator.LessOrEqual => actual <= expected || NearlyEqual(actual, expected),
        AssertionOperator.Greater => actual > expected,
        AssertionOperator.GreaterOrEqual => actual >= expected || NearlyEqual(actual, expected),
        _ => false,
    };

    /// <summary>Whether <paramref name="actual"/> contains <paramref name="expected"/>; null when it is neither text nor a list.</summary>
    public static bool? Contains(object? actual, AssertionValue expected) => actual switch
    {
        string text => text.Contains(SearchText(expected), StringComparison.Ordinal),
        MeasuredObject o => o.Json.Contains(SearchText(expected), StringComparison.Ordinal),
        IEnumerable list => list.Cast<object?>().Any(item => AreEqual(item, expected)),
        _ => null,
    };

    /// <summary>The text a regular expression runs against; null for values that have none (null, lists).</summary>
    public static string? AsText(object? actual) => actual switch
    {
        string s => s,
        double d => InvariantText(d),
        MeasuredNumber m => m.Text,
        MeasuredObject o => o.Json,
        bool b => b ? "true" : "false",
        _ => null,
    };

    /// <summary>"a number (120ms)", "text ("abc")", "null": the kind of a value, for type-mismatch messages.</summary>
    public static string Describe(object? actual, string shown) => actual switch
    {
        null => "null",
        double or MeasuredNumber => $"a number ({shown})",
        MeasuredObject => $"an object ({shown})",
        bool => $"a boolean ({shown})",
        string => $"text ({shown})",
        IEnumerable => $"a list ({shown})",
        _ => shown,
    };

    private static string SearchText(AssertionValue expected) => expected switch
    {
        StringValue s => s.Value,
        _ => expected.Display,
    };

    private static string InvariantText(double d) => d.ToString(CultureInfo.InvariantCulture);

    // Units are applied by multiplication (0.8 from 80%), so exact equality would be at the mercy of rounding.
    private static bool NearlyEqual(double a, double b) =>
        a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
}
