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
