using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Assertions;

/// <summary>
/// Evaluates an assertion against measurements, recording the actual value. Never throws: a missing
/// value, a type mismatch or a regular expression that times out is a failed assertion with a message.
/// A line with <c>or</c> holds when any of its comparisons does.
/// </summary>
public static class AssertionEvaluator
{
    public static AssertionResult Evaluate(Assertion assertion, Measurements measurements) => Evaluate(assertion, measurements, secrets: null);

    /// <param name="secrets">
    /// Masks secrets in the value as it is shown, before it is quoted and cut: a quoted or cut secret is no longer the
    /// secret, and redacting the shown text afterwards could miss it. The comparison uses the value as measured.
    /// </param>
    public static AssertionResult Evaluate(Assertion assertion, Measurements measurements, SecretRedactor? secrets) =>
        Evaluate(assertion, measurements, secrets, baselines: null);

    /// <param name="baselines">
    /// The check's baselines, for values written with <c>baseline</c>; null: there is no history, and such an
    /// assertion is not evaluated (it says why; missing history never fails a run).
    /// </param>
    public static AssertionResult Evaluate(Assertion assertion, Measurements measurements, SecretRedactor? secrets, CheckBaselines? baselines)
    {
        var first = EvaluateOne(assertion, measurements, secrets, baselines);
        if (assertion.Alternatives.Count == 0 || (first.Passed && first.Evaluated))
        {
            return first;
        }

        var outcomes = new List<AssertionResult>(assertion.Alternatives.Count + 1) { first };
        foreach (var alternative in assertion.Alternatives)
        {
            var outcome = EvaluateOne(alternative, measurements, secrets, baselines);
            if (outcome.Passed && outcome.Evaluated)
            {
                return new AssertionResult(assertion.Text, true, outcome.Actual, assertion.Level);
            }

            outcomes.Add(outcome);
        }

        if (outcomes.Any(o => !o.Evaluated))
        {
            // No alternative held, but one could not be judged for want of history: not a failure.
            var why = string.Join("; ", outcomes.Where(o => !o.Evaluated).Select(o => o.Message).Distinct(StringComparer.Ordinal));
            return new AssertionResult(assertion.Text, true, Actuals(assertion, outcomes), assertion.Level, why) { Evaluated = false };
        }

        return new AssertionResult(assertion.Text, false, Actuals(assertion, outcomes), assertion.Level, "none of the alternatives holds: " + string.Join("; ", outcomes.Select(o => o.Message)));
    }

    /// <summary>One value when every alternative reads the same subject, else <c>subject: value</c> for each.</summary>
    private static string? Actuals(Assertion assertion, List<AssertionResult> outcomes)
    {
        var subjects = assertion.Comparisons.Select(c => c.Subject).ToList();
        if (subjects.Distinct(StringComparer.Ordinal).Count() == 1)
        {
            return outcomes[0].Actual;
        }

        return string.Join(", ", subjects.Zip(outcomes).Where(p => p.Second.Actual is not null).Select(p => $"{p.First}: {p.Second.Actual}").Distinct(StringComparer.Ordinal));
    }

    private static AssertionResult EvaluateOne(Assertion assertion, Measurements measurements, SecretRedactor? secrets, CheckBaselines? baselines)
    {
        var lookup = measurements.Lookup(assertion.Path);
        if (!lookup.Found)
        {
            return assertion.Operator == AssertionOperator.NotExists
                ? Result(assertion, passed: true, actual: null)
                : Result(assertion, passed: false, actual: null, lookup.MissingReason ?? $"'{assertion.Path}' was not measured");
        }

        var actual = ValueComparer.Normalize(lookup.Value);
        if (assertion.Length)
        {
            if (ValueComparer.Length(actual) is not { } count)
            {
                var raw = Shown(actual, secrets);
                return Result(assertion, passed: false, raw, $"len() needs a list, an object or text; {assertion.Path} is {ValueComparer.Describe(actual, raw)}");
            }

            actual = (double)count;
        }

        var expected = assertion.Expected;
        if (expected is BaselineValue baseline)
        {
            return AgainstBaseline(assertion, actual, baseline, baselines ?? CheckBaselines.NoHistory, secrets);
        }

        var expectedDisplay = expected?.Display;
        if (expected is PathValue other)
        {
            var (literal, shownOther) = Resolve(other, measurements, secrets);
            if (literal is null)
            {
                return Result(assertion, passed: false, Shown(actual, secrets), shownOther);
            }

            (expected, expectedDisplay) = (literal, $"{other.Display} ({shownOther})");
        }

        var shown = Shown(actual, secrets, expected);
        var failure = Failure(assertion, actual, shown, expected, expectedDisplay ?? "");
        return Result(assertion, failure is null, shown, failure);
    }

    private static AssertionResult AgainstBaseline(Assertion a, object? actual, BaselineValue limit, CheckBaselines baselines, SecretRedactor? secrets)
    {
        var hint = limit.Offset ?? MeasurementUnits.Hint(a.Path);
        if (!ValueComparer.TryGetNumber(actual, out var value))
        {
            var raw = Shown(actual, secrets);
            return Result(a, passed: false, raw, $"cannot compare {a.Subject} with its baseline: it is {ValueComparer.Describe(actual, raw)}, not a number");
        }

        var shown = ValueFormatter.FormatNumber(value, hint);
        if (baselines.Find(a.Path) is not { } figure)
        {
            return NotEvaluated(a, shown, baselines.WhenMissing);
        }

        if (!figure.Ready)
        {
            return NotEvaluated(a, shown, figure.Missing);
        }

        var baseline = figure.Value!.Value;
        var bound = limit.Limit(baseline);
        var holds = ValueComparer.Order(value, a.Operator, bound);
        var its = $"its {figure.Label} {ValueFormatter.FormatNumber(baseline, hint)}";
        var ratio = baseline == 0 ? null : Ratio(value / baseline) + "x ";
        var op = Operators.Spelling(a.Operator);
        if (holds)
        {
            return Result(a, passed: true, $"{shown} ({ratio}{its})");
        }

        var why = limit.Offset is not { } offset
            ? $"{a.Subject} {shown} is {ratio}{its}, not {op} {limit.Written}"
            : $"{a.Subject} {shown} is not {op} {limit.Written}: {its} {Signed(offset)} = {ValueFormatter.FormatNumber(bound, hint)}";
        return Result(a, passed: false, shown, why);
    }

    private static string Signed(NumberValue offset) => offset.Written.StartsWith('-') ? "- " + offset.Written[1..] : "+ " + offset.Written;

    // 1.6x, 0.85x: two significant decimals are all a reader needs from a ratio.
    private static string Ratio(double ratio) => ratio.ToString(ratio >= 10 ? "0" : "0.0#", System.Globalization.CultureInfo.InvariantCulture);

    private static AssertionResult NotEvaluated(Assertion a, string? actual, string why) =>
        new(a.Text, Passed: true, actual, a.Level, why) { Evaluated = false };

    /// <summary>The other side's value as a literal and as shown; or no literal and why it is missing.</summary>
    private static (AssertionValue? Literal, string Shown) Resolve(PathValue path, Measurements measurements, SecretRedactor? secrets)
    {
        var lookup = measurements.Lookup(path.Path);
        if (!lookup.Found)
        {
            return (null, lookup.MissingReason ?? $"'{path.Path}' was not measured");
        }

        var value = ValueComparer.Normalize(lookup.Value);
        if (path.Length)
        {
            if (ValueComparer.Length(value) is not { } count)
            {
                return (null, $"len() needs a list, an object or text; {path.Path} is {ValueComparer.Describe(value, Shown(value, secrets))}");
            }

            value = (double)count;
        }

        var literal = ValueComparer.ToLiteral(value);
        return (literal, Shown(value, secrets));
    }

    private static string Shown(object? value, SecretRedactor? secrets, AssertionValue? expected = null) =>
        ValueFormatter.Format(secrets is null ? value : Redacted(value, secrets), expected);

    private static object? Redacted(object? value, SecretRedactor secrets) => value switch
    {
        string text => secrets.Redact(text),
        MeasuredObject o => o with { Json = secrets.Redact(o.Json) },
        IEnumerable<object?> list when list.Any(item => item is string or MeasuredObject) => list.Select(item => Redacted(item, secrets)).ToList(),
        _ => value,
    };

    /// <summary>Null when the assertion holds, else why not.</summary>
    private static string? Failure(Assertion a, object? actual, string shown, AssertionValue? expected, string e)
    {
        var op = Operators.Spelling(a.Operator);
        if (a.Operator == AssertionOperator.Exists)
        {
            return null;
        }

        var p = a.Subject;
        if (a.Operator == AssertionOperator.NotExists)
        {
            return $"{p} exists with value {shown}";
        }

        if (expected is null)
        {
            return $"'{op}' needs a value";
        }

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
            case AssertionOperator.Matches or AssertionOperator.NotMatches:
                return Match(a.Operator == AssertionOperator.NotMatches, p, actual, shown, expected);
            default:
                return Compare(a.Operator, op, p, actual, shown, expected, e);
        }
    }

    private static string? Compare(AssertionOperator kind, string op, string p, object? actual, string shown, AssertionValue expected, string e)
    {
        if (expected is not NumberValue number)
        {
            return $"'{op}' needs a number, not {e}";
        }

        if (!ValueComparer.TryGetNumber(actual, out var value))
        {
            return $"cannot compare {p} with {op} {e}: it is {ValueComparer.Describe(actual, shown)}, not a number";
        }

        var holds = ValueComparer.OrderExactly(actual, kind, number) ?? ValueComparer.Order(value, kind, number.Value);
        return holds ? null : $"{p} {shown} is not {op} {e}";
    }

    private static string? Match(bool negated, string p, object? actual, string shown, AssertionValue expected)
    {
        var op = negated ? "!matches" : "matches";
        if (expected is not StringValue pattern)
        {
            return $"'{op}' needs a quoted regular expression, not {expected.Display}";
        }

        if (ValueComparer.AsText(actual) is not { } text)
        {
            return $"cannot match {p} against {expected.Display}: it is {ValueComparer.Describe(actual, shown)}, not text";
        }

        return (AssertionRegex.IsMatch(text, pattern.Value), negated) switch
        {
            (true, false) or (false, true) => null,
            (false, false) => $"{p} {shown} does not match {expected.Display}",
            (true, true) => $"{p} {shown} matches {expected.Display}",
            (null, _) => $"regular expression {expected.Display} took longer than {AssertionRegex.Timeout.TotalSeconds:0.#}s on {p}; simplify it",
        };
    }

    private static AssertionResult Result(Assertion a, bool passed, string? actual, string? message = null) =>
        new(a.Text, passed, actual, a.Level, passed ? null : message);
}
