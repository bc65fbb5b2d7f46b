namespace Serverless.Diag.Probes.Metrics.Expressions;

/// <summary>A named value does not parse; <see cref="Position"/> is the 0-based offset in its text.</summary>
public sealed class MetricExpressionException : FormatException
{
    public MetricExpressionException()
    {
    }

    public MetricExpressionException(string message)
        : base(message)
    {
    }

    public MetricExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MetricExpressionException(int position, string message)
        : base(message)
    {
        Position = position;
    }

    public int Position { get; }
}
