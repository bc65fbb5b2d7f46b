using Serverless.Diag.Probes.Metrics.Exposition;

namespace Serverless.Diag.Probes.Metrics.Expressions;

/// <summary>The scrapes a metrics check took: one, or two <see cref="Elapsed"/> apart.</summary>
/// <param name="Before">The first of two scrapes; null for a single scrape.</param>
/// <param name="After">The latest scrape, which selectors and aggregations read.</param>
public sealed record ScrapeWindow(ExpositionDocument? Before, ExpositionDocument After, TimeSpan Elapsed);

/// <summary>A named value's result with what a reader should know about it (no traffic, a counter reset).</summary>
public sealed record MetricValue(double Value, IReadOnlyList<string> Notes);

/// <summary>The value cannot be computed from these scrapes (e.g. the metric is not exposed at all).</summary>
public sealed class MetricUnavailableException : Exception
{
    public MetricUnavailableException()
    {
    }

    public MetricUnavailableException(string message)
        : base(message)
    {
    }

    public MetricUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
