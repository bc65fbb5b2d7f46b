using Serverless.Diag.Probes.Metrics.Expressions;

namespace Serverless.Diag.Probes.Metrics;

/// <param name="Name">The measurement path assertions use, e.g. <c>error_ratio</c>.</param>
/// <param name="Text">The expression as written, for evidence.</param>
public sealed record NamedValue(string Name, string Text, MetricExpression Expression);

/// <param name="Window">Time between the two scrapes; zero for a single scrape (no rate/increase).</param>
public sealed record MetricsSettings(Uri Url, TimeSpan Window, string StatusLabel, IReadOnlyList<NamedValue> Values, KeyValuePair<string, string>? Authorization);
