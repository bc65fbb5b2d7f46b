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
}

/// <summary>One parsed <c>expect</c> line: <c>path op value</c>.</summary>
/// <param name="Text">The line as written, without a <c>warn:</c> prefix; shown in reports.</param>
/// <param name="Expected">Null for <c>exists</c>/<c>!exists</c>.</param>
public sealed record Assertion(string Text, AssertionLevel Level, string Path, AssertionOperator Operator, AssertionValue? Expected)
{
    /// <summary>Where the path starts in the text given to the parser (prefix included), for errors about the path.</summary>
    public int PathOffset { get; init; }
}
