using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Assertions;

/// <summary>
/// Evaluates an assertion against measurements, recording the actual value. Never throws: a missing
/// value, a type mismatch or a regular expression that times out is a failed assertion with a message.
/// </summary>
public static class AssertionEvaluator
{
    public static AssertionResult Evaluate(Assertion assertion, Measurements measurements) => Evaluate(assertion, measurements, secrets: null);

    /// <param name="secrets">
    /// Masks secrets in the value as it is shown, before it is quoted and cut: a quoted or cut secret is no longer the
    /// secret, and redacting the shown text afterwards could miss it. The comparison uses the value as measured.
    /// </param>
    public static AssertionResult Evaluate(Assertion assertion, Measurements measurements, SecretRedactor? secrets)
    {
        var lookup = measurements.Lookup(assertion.Path);
        if (!lookup.Found)
        {
            return assertion.Operator == AssertionOperator.NotExists
                ? Result(assertion, passed: true, actual: null)
                : Result(assertion, passed: false, actual: null, lookup.MissingReason ?? $"'{assertion.Path}' was not measured");
        }

        var actual = ValueComparer.Normalize(lookup.Value);
        var shown = ValueFormatter.Format(secrets is null ? actual : Redacted(actual, secrets), assertion.Expected);
        var failure = Failure(assertion, actual, shown);
        return Result(assertion, failure is null, shown, failure);
    }

    private static object? Redacted(object? value, SecretRedactor secrets) => value switch
    {
        string text => secrets.Redact(text),
        IEnumerable<object?> list when list.Any(item => item is string) => list.Select(item => Redacted(item, secrets)).ToList(),
        _ => value,
    };

    /// <summary>Null when the assertion holds, else why not.</summary>
    private static string? Failure(Assertion a, object? actual, string shown)
    {
        var op = Operators.Spelling(a.Operator);
        if (a.Operator == AssertionOperator.Exists)
        {
            return null;
        }

        if (a.Operator == AssertionOperator.NotExists)
        {
            return $"{a.Path} exists with value {shown}";
        }

        if (a.Expected is not { } expected)
        {
            return $"'{op}' needs a value";
        }

        var p = a.Path;
        var e = expected.Display;
        switch (a.Operator)
        {
            case AssertionOperator.Equal:
                return ValueComparer.AreEqual(actual, expected) ? null : $"{p} {shown} is not {e}";
            case AssertionOperator.NotEqual:
                return ValueComparer.AreEqual(actual, expected) ? $"{p} {shown} should not be {e}" : null;
            case AssertionOperator.In or AssertionOperator.NotIn:
                var member = expected is ListValue list
                    ? list.Items.Any(item => ValueComparer.AreEqual(actual, item))
                    : ValueComparer.AreEqual(actual, expected);
                return (member, a.Operator) switch
                {
                    (false, AssertionOperator.In) => $"{p} {shown} is not in {e}",
                    (true, AssertionOperator.NotIn) => $"{p} {shown} is in {e}",
                    _ => null,
                };
            case AssertionOperator.Contains or AssertionOperator.NotContains:
                return ValueComparer.Contains(actual, expected) switch
                {
                    null => $"cannot check whether {p} {op} {e}: it is {ValueComparer.Describe(actual, shown)}, not text or a list",
                    false when a.Operator == AssertionOperator.Contains => $"{p} {shown} does not contain {e}",
                    true when a.Operator == AssertionOperator.NotContains => $"{p} {shown} contains {e}",
                    _ => null,
                };
            case AssertionOperator.Matches:
                return Match(p, actual, shown, expected);
            default:
                return Compare(a.Operator, op, p, actual, shown, expected);
        }
    }

    private static string? Compare(AssertionOperator kind, string op, string p, object? actual, string shown, AssertionValue expected)
    {
        if (expected is not NumberValue number)
        {
            return $"'{op}' needs a number, not {expected.Display}";
        }

        if (!ValueComparer.TryGetNumber(actual, out var value))
        {
            return $"cannot compare {p} with {op} {expected.Display}: it is {ValueComparer.Describe(actual, shown)}, not a number";
        }

        return ValueComparer.Order(value, kind, number.Value) ? null : $"{p} {shown} is not {op} {expected.Display}";
    }

    private static string? Match(string p, object? actual, string shown, AssertionValue expected)
    {
        if (expected is not StringValue pattern)
        {
            return $"'matches' needs a quoted regular expression, not {expected.Display}";
        }

        if (ValueComparer.AsText(actual) is not { } text)
        {
            return $"cannot match {p} against {expected.Display}: it is {ValueComparer.Describe(actual, shown)}, not text";
        }

        return AssertionRegex.IsMatch(text, pattern.Value) switch
        {
            true => null,
            false => $"{p} {shown} does not match {expected.Display}",
            null => $"regular expression {expected.Display} took longer than {AssertionRegex.Timeout.TotalSeconds:0.#}s on {p}; simplify it",
        };
    }

    private static AssertionResult Result(Assertion a, bool passed, string? actual, string? message = null) =>
        new(a.Text, passed, actual, a.Level, passed ? null : message);
}
