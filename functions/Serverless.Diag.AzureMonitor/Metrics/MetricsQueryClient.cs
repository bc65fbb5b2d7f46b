using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Diag.AzureMonitor.Metrics;

/// <summary>
/// Azure Monitor metrics over ARM, as Azure.Monitor.Query's MetricsQueryClient calls it:
/// <c>GET {resourceId}/providers/Microsoft.Insights/metrics?metricnames=&amp;timespan=&amp;interval=&amp;aggregation=</c>.
/// </summary>
internal sealed class MetricsQueryClient(AzureMonitorConnection connection, string scope, Uri endpoint, TimeProvider timeProvider)
{
    public const string ApiVersion = "2018-01-01";

    public async Task<AzureAnswer<MetricSeriesResult>> QueryAsync(MetricsQuery query, CancellationToken cancellationToken)
    {
        // The pipeline (and the credential behind it) is built on first use: validating a config does no I/O.
        var pipeline = connection.PipelineFor(scope);
        using var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = RequestMethod.Get;
        request.Uri.Reset(endpoint);
        request.Uri.AppendPath(query.ResourceId, escape: false);
        request.Uri.AppendPath("/providers/Microsoft.Insights/metrics", escape: false);
        request.Uri.AppendQuery("api-version", ApiVersion, true);
        request.Uri.AppendQuery("metricnames", query.Metric, true);
        request.Uri.AppendQuery("timespan", Timespan(query.Timespan), true);
        if (query.Interval is not null)
        {
            request.Uri.AppendQuery("interval", query.Interval, true);
        }

        request.Uri.AppendQuery("aggregation", query.Aggregation.ToString(), true);
        if (query.Namespace is not null)
        {
            request.Uri.AppendQuery("metricnamespace", query.Namespace, true);
        }

        if (query.Filter is not null)
        {
            request.Uri.AppendQuery("$filter", query.Filter, true);
        }

        request.Headers.Add("Accept", "application/json");
        await pipeline.SendAsync(message, cancellationToken);
        var response = message.Response;
        var body = response.Content.ToString();
        return response.IsError
            ? AzureAnswer<MetricSeriesResult>.Failed(response.Status, body)
            : AzureAnswer<MetricSeriesResult>.Ok(Parse(body, query), response.Status, body);
    }

    private string Timespan(TimeSpan back)
    {
        var end = timeProvider.GetUtcNow();
        var start = end - back;
        return $"{start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}/{end.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}";
    }

    /// <exception cref="JsonException">Not JSON.</exception>
    internal static MetricSeriesResult Parse(string body, MetricsQuery query)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var metrics) || metrics.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("the answer has no 'value' list of metrics");
        }

        var metric = metrics.EnumerateArray().FirstOrDefault(m => string.Equals(NameOf(m), query.Metric, StringComparison.OrdinalIgnoreCase));
        if (metric.ValueKind != JsonValueKind.Object)
        {
            metric = metrics.EnumerateArray().FirstOrDefault();
        }

        if (metric.ValueKind != JsonValueKind.Object)
        {
            return new MetricSeriesResult(query.Metric, null, [], $"the answer holds no metric named {query.Metric}");
        }

        var errorCode = AzureFailures.Text(metric, "errorCode");
        if (errorCode is not null && errorCode != "Success")
        {
            var errorMessage = AzureFailures.Text(metric, "errorMessage");
            return new MetricSeriesResult(NameOf(metric) ?? query.Metric, AzureFailures.Text(metric, "unit"), [], errorMessage is null ? errorCode : $"{errorCode}: {errorMessage}");
        }

        var field = query.Aggregation.ToString().ToLowerInvariant();
        var series = new List<IReadOnlyList<MetricPoint>>();
        if (metric.TryGetProperty("timeseries", out var timeseries) && timeseries.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in timeseries.EnumerateArray())
            {
                var points = new List<MetricPoint>();
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    foreach (var point in data.EnumerateArray())
                    {
                        // A grain without data has no aggregation field at all: skip it rather than read 0.
                        if (point.ValueKind == JsonValueKind.Object && point.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.Number &&
                            DateTimeOffset.TryParse(AzureFailures.Text(point, "timeStamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                        {
                            points.Add(new MetricPoint(at, v.GetDouble()));
                        }
                    }
                }

                series.Add(points);
            }
        }

        return new MetricSeriesResult(NameOf(metric) ?? query.Metric, AzureFailures.Text(metric, "unit"), series, null);
    }

    private static string? NameOf(JsonElement metric) =>
        metric.ValueKind == JsonValueKind.Object && metric.TryGetProperty("name", out var name) ? AzureFailures.Text(name, "value") : null;
}
