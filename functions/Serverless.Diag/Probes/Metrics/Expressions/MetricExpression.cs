namespace Serverless.Diag.Probes.Metrics.Expressions;

/// <summary>
/// A named value of the metrics check: the subset of PromQL that makes sense over one or two scrapes.
/// Vectors (a selector, <c>rate</c>, <c>increase</c>) hold one value per series; everything else is a number.
/// </summary>
public abstract record MetricExpression
{
    /// <summary>Needs two scrapes (<c>rate</c>, <c>increase</c>), so the check's <c>window</c> must be above zero.</summary>
    public abstract bool NeedsWindow { get; }
}

/// <summary>Yields one value per matching series.</summary>
public abstract record VectorExpression : MetricExpression;

/// <param name="MetricName">Null when the selector names the metric through a <c>__name__</c> matcher.</param>
public sealed record VectorSelector(string? MetricName, IReadOnlyList<LabelMatcher> Matchers) : VectorExpression
{
    public override bool NeedsWindow => false;

    public override string ToString() => $"{MetricName}{{{string.Join(",", Matchers)}}}";
}

public enum RangeFunction
{
    Increase,
    Rate,
}

/// <summary><c>increase(selector)</c> or <c>rate(selector)</c> between the two scrapes of the window.</summary>
public sealed record RangeExpression(RangeFunction Function, VectorSelector Selector) : VectorExpression
{
    public override bool NeedsWindow => true;
}

public enum AggregateFunction
{
    Sum,
    Count,
    Min,
    Max,
    Avg,
}

public sealed record AggregateExpression(AggregateFunction Function, VectorExpression Vector) : MetricExpression
{
    public override bool NeedsWindow => Vector.NeedsWindow;
}

/// <summary><c>ratio(a, b)</c>: a / b, where a zero denominator means "no traffic" rather than an error.</summary>
public sealed record RatioExpression(MetricExpression Numerator, MetricExpression Denominator) : MetricExpression
{
    public override bool NeedsWindow => Numerator.NeedsWindow || Denominator.NeedsWindow;
}

/// <summary><c>histogram_quantile(q, buckets)</c> over the buckets of every matching series added up by <c>le</c>.</summary>
public sealed record QuantileExpression(double Quantile, VectorExpression Buckets) : MetricExpression
{
    public override bool NeedsWindow => Buckets.NeedsWindow;
}
