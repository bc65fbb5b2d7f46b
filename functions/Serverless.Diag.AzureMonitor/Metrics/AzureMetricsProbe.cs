using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Serverless.Diag.Probes;

namespace Serverless.Diag.AzureMonitor.Metrics;

/// <summary>
/// With several time series (a <c>filter</c> splitting by a dimension) <c>value</c> is the highest of their
/// latest points (the worst instance), and avg/max/min run over every point.
/// </summary>
internal sealed class AzureMetricsProbe(MetricsQueryClient client, MetricsQuery query) : IProbe
{
    private const int EvidencePoints = 10;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var what = $"Azure Monitor metrics ({query.Metric} of {query.ResourceId})";
        AzureAnswer<MetricSeriesResult> answer;
        try
        {
            answer = await client.QueryAsync(query, cancellationToken);
        }
        catch (JsonException e)
        {
            return ProbeResult.Failed(ErrorCause.NotJson, $"{what}: unexpected answer: {e.Message}");
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException or OperationCanceledException or IOException)
        {
            return AzureFailures.FromException(e, what, context, cancellationToken);
        }

        if (answer.IsError)
        {
            return AzureFailures.FromStatus(answer.Status, answer.Body, what, context);
        }

        var metric = answer.Value!;
        if (metric.Error is not null)
        {
            return ProbeResult.Failed(AzureFailures.MetricError, context.Secrets.Redact($"{what}: {metric.Error}"))
                .WithHint("Check the metric name, its namespace and that the aggregation is supported for it (Azure portal > Metrics).");
        }

        return Measure(metric, context);
    }

    private ProbeResult Measure(MetricSeriesResult metric, ProbeContext context)
    {
        var result = new ProbeResult();
        var points = metric.Series.SelectMany(s => s).ToList();
        result.Measurements.Set("points", points.Count);
        if (points.Count == 0)
        {
            const string reason = "no data points in the timespan (is the metric emitted for this resource?)";
            foreach (var path in new[] { "value", "avg", "max", "min" })
            {
                result.Measurements.SetAbsent(path, reason);
            }
        }
        else
        {
            var latest = metric.Series.Where(s => s.Count > 0).Select(s => s.MaxBy(p => p.Timestamp)!.Value).Max();
            result.Measurements.Set("value", latest);
            result.Measurements.Set("avg", points.Average(p => p.Value));
            result.Measurements.Set("max", points.Max(p => p.Value));
            result.Measurements.Set("min", points.Min(p => p.Value));
        }

        var text = new StringBuilder();
        foreach (var point in points.OrderByDescending(p => p.Timestamp).Take(EvidencePoints))
        {
            text.Append(CultureInfo.InvariantCulture, $"{point.Timestamp:yyyy-MM-ddTHH:mm:ssZ} {point.Value.ToString("G", CultureInfo.InvariantCulture)}\n");
        }

        var title = $"{metric.Name} ({metric.Unit ?? "no unit"}), {query.Aggregation.ToString().ToLowerInvariant()} per {query.Interval ?? "default grain"}, latest {Math.Min(points.Count, EvidencePoints)} of {points.Count} points";
        result.Evidence.Add(new Evidence(title, context.Secrets.Redact(points.Count == 0 ? "(no data points)" : text.ToString())));
        return result;
    }
}
