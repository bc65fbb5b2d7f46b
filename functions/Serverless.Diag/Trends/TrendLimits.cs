using Serverless.Diag.Assertions;

namespace Serverless.Diag.Trends;

/// <summary>A limit a trend can be forecast against: <c>memory.ratio &lt; 80%</c> gives memory.ratio, &lt;, 80%.</summary>
public sealed record TrendLimit(string Path, AssertionOperator Operator, NumberValue Limit, string Expression)
{
    /// <summary>Whether the value heads for the limit when it rises (a ceiling) rather than when it falls (a floor).</summary>
    public bool IsCeiling => Operator is AssertionOperator.Less or AssertionOperator.LessOrEqual;
}

public static class TrendLimits
{
    /// <summary>The comparisons of an expect line that bound a measurement by a written number (not a length, not a baseline).</summary>
    public static IEnumerable<TrendLimit> Of(Assertion assertion) =>
        assertion.Comparisons
            .Where(c => !c.Length && Operators.IsOrdering(c.Operator) && c.Expected is NumberValue)
            .Select(c => new TrendLimit(c.Path, c.Operator, (NumberValue)c.Expected!, c.Text));
}
