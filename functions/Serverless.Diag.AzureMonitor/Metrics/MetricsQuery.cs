namespace Serverless.Diag.AzureMonitor.Metrics;

public enum MetricAggregation
{
    Average,
    Minimum,
    Maximum,
    Total,
    Count,
}

/// <param name="ResourceId">Starts with '/'.</param>
/// <param name="Timespan">How far back from now.</param>
/// <param name="Interval">ISO 8601 grain (PT1M); null lets the service choose.</param>
internal sealed record MetricsQuery(string ResourceId, string Metric, MetricAggregation Aggregation, TimeSpan Timespan, string? Interval, string? Namespace, string? Filter);

internal sealed record MetricPoint(DateTimeOffset Timestamp, double Value);

/// <param name="Error">The per-metric error inside a 200 answer (<c>errorCode</c> other than Success).</param>
internal sealed record MetricSeriesResult(string Name, string? Unit, IReadOnlyList<IReadOnlyList<MetricPoint>> Series, string? Error);
