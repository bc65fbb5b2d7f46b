using Azure.Core;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.AzureMonitor.Metrics;

/// <summary>
/// <c>type: azure-metrics</c>: one platform metric of one resource over a timespan. Measures <c>value</c>
/// (the latest point), <c>avg</c>, <c>max</c>, <c>min</c> (over the points) and <c>points</c>.
/// </summary>
public sealed class AzureMetricsProbeFactory : IProbeFactory
{
    public const string PublicEndpoint = "https://management.azure.com";

    private readonly AzureMonitorConnection _connection;
    private readonly TimeProvider _timeProvider;

    public AzureMetricsProbeFactory(TokenCredential? credential = null)
        : this(new AzureMonitorOptions { Credential = credential })
    {
    }

    public AzureMetricsProbeFactory(AzureMonitorOptions options, TimeProvider? timeProvider = null)
    {
        _connection = new AzureMonitorConnection(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Type => "azure-metrics";

    public IReadOnlyCollection<string> SettingKeys { get; } = ["resource", "metric", "aggregation", "timespan", "interval", "namespace", "filter", "endpoint", "audience"];

    public MeasurementVocabulary Vocabulary { get; } = new("value", "avg", "max", "min", "points");

    public IProbe? Create(CheckSettings settings)
    {
        var resource = AzureSettings.ResourceId(settings, "resource", required: true);
        var metric = settings.String("metric", required: true);
        var aggregation = settings.Has("aggregation") ? settings.Enum<MetricAggregation>("aggregation") : MetricAggregation.Average;
        var timespan = settings.Has("timespan") ? settings.Duration("timespan") : TimeSpan.FromHours(1);
        var interval = AzureSettings.IsoDuration(settings, "interval");
        var endpoint = AzureSettings.Endpoint(settings, PublicEndpoint);
        var audience = AzureSettings.Audience(settings, endpoint);
        if (timespan is { } t && t <= TimeSpan.Zero)
        {
            settings.Error("timespan", "'timespan' must be above zero");
            timespan = null;
        }

        if (resource is null || metric is null || aggregation is null || timespan is null || endpoint is null || audience is null || (settings.Has("interval") && interval is null))
        {
            return null;
        }

        var query = new MetricsQuery(resource, metric, aggregation.Value, timespan.Value, interval, settings.String("namespace"), settings.String("filter"));
        var client = new MetricsQueryClient(_connection, AzureMonitorConnection.ScopeOf(audience), endpoint, _timeProvider);
        return new AzureMetricsProbe(client, query);
    }
}
