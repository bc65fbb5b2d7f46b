namespace Serverless.Diag.Probes.Metrics.Exposition;

/// <param name="Name">The sample's own name, e.g. <c>http_request_duration_seconds_bucket</c>.</param>
/// <param name="TimestampMs">Milliseconds since the epoch when the exposition gives one (it may be negative).</param>
/// <param name="Line">1-based line in the scraped text, for messages.</param>
public sealed record MetricSample(string Name, LabelSet Labels, double Value, long? TimestampMs, int Line)
{
    private string? _seriesKey;

    /// <summary>Identifies the series across two scrapes.</summary>
    public string SeriesKey => _seriesKey ??= Name + Labels;

    public override string ToString() => $"{SeriesKey} {Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
