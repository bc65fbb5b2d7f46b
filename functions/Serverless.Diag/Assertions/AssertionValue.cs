namespace Serverless.Diag.Assertions;

/// <summary>A literal on the right of an assertion, already in the engine's units.</summary>
public abstract record AssertionValue
{
    /// <summary>How the value was written, for messages (<c>2s</c>, <c>80%</c>).</summary>
    public abstract string Display { get; }
}

public enum NumberUnit
{
    None,
    Duration,
    Size,
    Percent,
}

/// <param name="Value">Milliseconds for durations, bytes for sizes, 0..1 for percentages.</param>
public sealed record NumberValue(double Value, NumberUnit Unit, string Written) : AssertionValue
{
    public override string Display => Written;
}

public sealed record StringValue(string Value) : AssertionValue
{
    // Derived from Value once: every evaluation of the assertion shows it.
    public override string Display { get; } = QuotedString.Quote(Value);
}

public sealed record BoolValue(bool Value) : AssertionValue
{
    public override string Display => Value ? "true" : "false";
}

public sealed record NullValue : AssertionValue
{
    public static NullValue Instance { get; } = new();

    public override string Display => "null";
}

/// <summary>The right side names another measurement (<c>json.used &lt;= json.limit</c>), read when the assertion is evaluated.</summary>
/// <param name="Offset">Where the path starts in the text given to the parser, for errors about it.</param>
public sealed record PathValue(string Path, bool Length, int Offset) : AssertionValue
{
    public override string Display => Length ? $"len({Path})" : Path;
}

public sealed record ListValue(IReadOnlyList<AssertionValue> Items) : AssertionValue
{
    public override string Display => $"[{string.Join(", ", Items.Select(i => i.Display))}]";

    // Two lists with the same items are the same literal (the default would compare the list references).
    public bool Equals(ListValue? other) => other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Aggregate(Items.Count, HashCode.Combine);
}

/// <summary>
/// The check's own history as the limit: <c>2x baseline</c>, <c>baseline + 1%</c>, <c>1.5x baseline - 10ms</c>. The
/// baseline of the measurement on the left is known only when the check runs (<see cref="BaselineFigure"/>).
/// </summary>
/// <param name="Factor">1 for a bare <c>baseline</c>.</param>
/// <param name="Offset">Added to (or, negated, taken from) the scaled baseline; null for none.</param>
/// <param name="Written">The value as written, for messages.</param>
public sealed record BaselineValue(double Factor, NumberValue? Offset, string Written) : AssertionValue
{
    /// <summary>The word that names the history of the measurement on the left.</summary>
    public const string Keyword = "baseline";

    /// <summary>The unit that makes a number a factor: <c>2x</c>.</summary>
    public const string FactorSuffix = "x";

    public override string Display => Written;

    /// <summary>The limit for a baseline value: factor times the baseline, plus the offset.</summary>
    public double Limit(double baseline) => (Factor * baseline) + (Offset?.Value ?? 0);
}
