using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Diag.TestKit.AzureMonitor;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// What a simulated deployment's Log Analytics workspace and Azure Monitor metrics say, served by the
/// <see cref="AzureMonitorFake"/>. A log query is answered by the first planted pattern its KQL mentions
/// (how many matching lines), 0 otherwise; a metric by its planted value, a quiet default otherwise.
/// </summary>
public sealed class AzureMonitorSimulation
{
    private readonly ConcurrentDictionary<string, long> _logLines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _metrics = new(StringComparer.Ordinal);

    public AzureMonitorSimulation(AzureMonitorFake fake, TimeProvider time)
    {
        Fake = fake;
        Time = time;
        fake.Responder = Answer;
    }

    public AzureMonitorFake Fake { get; }

    private TimeProvider Time { get; }

    /// <summary>Log lines containing <paramref name="pattern"/> (as a KQL <c>has</c> would find them).</summary>
    public void PlantLogLines(string pattern, long count) => _logLines[pattern] = count;

    public void SetMetric(string metric, double value) => _metrics[metric] = value;

    /// <summary>Back to a quiet, healthy deployment.</summary>
    public void Reset()
    {
        _logLines.Clear();
        _metrics.Clear();
    }

    private FakeAnswer Answer(RecordedRequest request)
    {
        if (request.Method == "POST" && request.Path.EndsWith("/query", StringComparison.Ordinal))
        {
            var query = JsonNode.Parse(request.Body)?["query"]?.GetValue<string>() ?? string.Empty;
            return new FakeAnswer(200, LogsAnswer(query));
        }

        if (request.Method == "GET" && request.Path.EndsWith("/providers/Microsoft.Insights/metrics", StringComparison.OrdinalIgnoreCase))
        {
            var parameters = request.QueryParameters;
            return new FakeAnswer(200, MetricsAnswer(request.Path, parameters["metricnames"], parameters.GetValueOrDefault("aggregation", "Average")));
        }

        return new FakeAnswer(404, "{\"error\":{\"code\":\"PathNotFound\",\"message\":\"not simulated\"}}");
    }

    private string LogsAnswer(string query)
    {
        var count = _logLines.Where(p => query.Contains(p.Key, StringComparison.Ordinal)).Select(p => p.Value).FirstOrDefault();

        // "summarize ... by Message" lists the messages (one row per message); a count answers one cell.
        var byMessage = query.Contains("by Message", StringComparison.Ordinal);
        var columns = byMessage
            ? new JsonArray(Column("Message", "string"), Column("count_", "long"))
            : new JsonArray(Column("Count", "long"));
        var rows = new JsonArray();
        if (byMessage)
        {
            foreach (var (pattern, lines) in _logLines.Where(p => p.Value > 0))
            {
                rows.Add(new JsonArray(JsonValue.Create($"{pattern} (simulated)"), JsonValue.Create(lines)));
            }
        }
        else
        {
            rows.Add(new JsonArray(JsonValue.Create(count)));
        }

        var table = new JsonObject { ["name"] = "PrimaryResult", ["columns"] = columns, ["rows"] = rows };
        return new JsonObject { ["tables"] = new JsonArray(table) }.ToJsonString();
    }

    private string MetricsAnswer(string resourcePath, string metric, string aggregation)
    {
        var value = _metrics.TryGetValue(metric, out var planted) ? planted : Quiet(metric);
        var field = aggregation.Split(',')[0].ToLowerInvariant();
        var now = Time.GetUtcNow();
        var points = new JsonArray();
        for (var minutesAgo = 3; minutesAgo >= 1; minutesAgo--)
        {
            points.Add(new JsonObject
            {
                ["timeStamp"] = now.AddMinutes(-minutesAgo).ToString("yyyy-MM-ddTHH:mm:00Z", CultureInfo.InvariantCulture),
                [field] = value,
            });
        }

        var metricNode = new JsonObject
        {
            ["id"] = $"{resourcePath}/providers/Microsoft.Insights/metrics/{metric}",
            ["type"] = "Microsoft.Insights/metrics",
            ["name"] = new JsonObject { ["value"] = metric, ["localizedValue"] = metric },
            ["unit"] = "Percent",
            ["timeseries"] = new JsonArray(new JsonObject { ["metadatavalues"] = new JsonArray(), ["data"] = points }),
        };
        return new JsonObject
        {
            ["cost"] = 0,
            ["interval"] = "PT1M",
            ["value"] = new JsonArray(metricNode),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>A healthy figure for each metric the example configs read.</summary>
    private static double Quiet(string metric) => metric switch
    {
        "CpuPercentage" or "MemoryPercentage" => 35,
        "UsageNanoCores" => 150_000_000,
        "WorkingSetBytes" or "MemoryWorkingSet" => 300_000_000,
        "CpuTime" => 20,
        _ => 0,
    };

    private static JsonObject Column(string name, string type) => new() { ["name"] = name, ["type"] = type };
}
