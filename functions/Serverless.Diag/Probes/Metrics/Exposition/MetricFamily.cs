namespace Serverless.Diag.Probes.Metrics.Exposition;

public enum MetricType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}

/// <summary>What <c># TYPE</c> and <c># HELP</c> said about a metric.</summary>
public sealed record MetricFamily(string Name, MetricType Type, string? Help);
