namespace Serverless.Diag.Assertions;

public enum AssertionLevel
{
    Fail,
    Warn,
}

public enum AssertionOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Contains,
    NotContains,
    Matches,
    Exists,
    NotExists,
    NotMatches,
}

/// <summary>
/// One parsed <c>expect</c> line: <c>path op value</c>, where the path may be <c>len(path)</c> and the value another
/// path (<see cref="PathValue"/>); with <c>or</c>, further comparisons in <see cref="Alternatives"/>, and the line
/// holds when any of them does.
/// </summary>
/// <param name="Text">The line as written, without a <c>warn:</c> prefix; shown in reports.</param>
/// <param name="Expected">Null for <c>exists</c>/<c>!exists</c>.</param>
public sealed record Assertion(string Text, AssertionLevel Level, string Path, AssertionOperator Operator, AssertionValue? Expected)
{
    /// <summary>Where the path starts in the text given to the parser (prefix included), for errors about the path.</summary>
    public int PathOffset { get; init; }

    /// <summary>Written <c>len(path)</c>: the comparison is about the number of items, properties or characters.</summary>
    public bool Length { get; init; }

    /// <summary>The comparisons after <c>or</c>, each with its own text and positions; empty for a single comparison.</summary>
    public IReadOnlyList<Assertion> Alternatives { get; init; } = [];

    /// <summary>The left side as written: <c>json.items</c> or <c>len(json.items)</c>.</summary>
    public string Subject => Length ? $"len({Path})" : Path;

    /// <summary>This comparison and its alternatives.</summary>
    public IEnumerable<Assertion> Comparisons => Alternatives.Count == 0 ? [this] : [this, .. Alternatives];

    /// <summary>Every measurement the line reads (both sides of every comparison) with where it is written: what validation checks.</summary>
    public IEnumerable<(string Path, int Offset)> Operands
    {
        get
        {
            foreach (var comparison in Comparisons)
            {
                yield return (comparison.Path, comparison.PathOffset);
                if (comparison.Expected is PathValue right)
                {
                    yield return (right.Path, right.Offset);
                }
            }
        }
    }
}
