using System.Collections;
using System.Globalization;

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
        null or string or bool or double => value,
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
        NumberValue n => TryGetNumber(actual, out var x) && NearlyEqual(x, n.Value),
        StringValue s => actual switch
        {
            string text => string.Equals(text, s.Value, StringComparison.Ordinal),
            double d => string.Equals(InvariantText(d), s.Value, StringComparison.Ordinal),
            _ => false,
        },
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
        IEnumerable list => list.Cast<object?>().Any(item => AreEqual(item, expected)),
        _ => null,
    };

    /// <summary>The text a regular expression runs against; null for values that have none (null, lists).</summary>
    public static string? AsText(object? actual) => actual switch
    {
        string s => s,
        double d => InvariantText(d),
        bool b => b ? "true" : "false",
        _ => null,
    };

    /// <summary>"a number (120ms)", "text ("abc")", "null": the kind of a value, for type-mismatch messages.</summary>
    public static string Describe(object? actual, string shown) => actual switch
    {
        null => "null",
        double => $"a number ({shown})",
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
