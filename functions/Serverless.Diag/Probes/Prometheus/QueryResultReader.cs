using System.Globalization;
using System.Text;
using System.Text.Json;
using Serverless.Diag.Probes.Metrics.Exposition;

namespace Serverless.Diag.Probes.Prometheus;

/// <summary>
/// Reads <c>data</c> of an instant query: <c>vector</c>, <c>scalar</c>, <c>string</c> or <c>matrix</c>
/// (a range selector; its latest point counts). <c>value</c> is set only when there is exactly one sample.
/// </summary>
internal static class QueryResultReader
{
    private const int EvidenceSeries = 20;

    public static ProbeResult Read(JsonElement data, string query, ProbeContext context)
    {
        var series = new List<(string Labels, object? Value)>();
        var resultType = PrometheusProbe.Text(data, "resultType");
        var result = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("result", out var r) ? r : default;
        switch (resultType)
        {
            case "scalar" or "string":
                series.Add((string.Empty, Sample(result, resultType == "string")));
                break;
            case "vector" or "matrix" when result.ValueKind == JsonValueKind.Array:
                foreach (var item in result.EnumerateArray())
                {
                    var point = resultType == "vector" ? Property(item, "value") : Last(Property(item, "values"));
                    series.Add((Labels(Property(item, "metric")), Sample(point, asString: false)));
                }

                break;
            default:
                return ProbeResult.Failed(ErrorCause.Protocol, $"unexpected query result type '{resultType ?? "none"}'");
        }

        var probe = new ProbeResult();
        probe.Measurements.Set(PrometheusVocabulary.Series, series.Count);
        switch (series.Count)
        {
            case 1:
                probe.Measurements.Set(PrometheusVocabulary.Value, series[0].Value);
                break;
            case 0:
                probe.Measurements.SetAbsent(PrometheusVocabulary.Value, "the query returned no series");
                break;
            default:
                probe.Measurements.SetAbsent(PrometheusVocabulary.Value, $"the query returned {series.Count} series; aggregate it (sum, max...) for a single value, or assert on 'series'");
                break;
        }

        probe.Evidence.Add(new Evidence("PromQL query", context.Secrets.Redact(query), "promql"));
        probe.Evidence.Add(new Evidence($"Result ({resultType}, {series.Count} series)", context.Secrets.Redact(Table(series))));
        return probe;
    }

    private static string Table(List<(string Labels, object? Value)> series)
    {
        if (series.Count == 0)
        {
            return "(no series)";
        }

        var text = new StringBuilder();
        foreach (var (labels, value) in series.Take(EvidenceSeries))
        {
            var shown = value is double d ? d.ToString("G", CultureInfo.InvariantCulture) : value?.ToString();
            text.Append(labels.Length == 0 ? "{}" : labels).Append(' ').Append(shown).Append('\n');
        }

        if (series.Count > EvidenceSeries)
        {
            text.Append(CultureInfo.InvariantCulture, $"... and {series.Count - EvidenceSeries} more series\n");
        }

        return text.ToString();
    }

    /// <summary>A <c>[timestamp, "value"]</c> pair; the value is a string in the API ("NaN", "+Inf" included).</summary>
    private static object? Sample(JsonElement pair, bool asString)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() < 2 || pair[1].ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = pair[1].GetString()!;
        return !asString && ExpositionParser.TryParseFloat(text, out var value) ? value : text;
    }

    private static string Labels(JsonElement metric)
    {
        if (metric.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        var labels = metric.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString()));
        var set = new LabelSet(labels.Where(l => l.Key != "__name__"));
        var name = metric.TryGetProperty("__name__", out var n) ? n.GetString() : null;
        return name + set;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static JsonElement Last(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0 ? array[array.GetArrayLength() - 1] : default;
}
