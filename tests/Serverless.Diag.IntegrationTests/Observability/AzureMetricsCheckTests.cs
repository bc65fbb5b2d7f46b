using Azure.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.AzureMonitor;
using Serverless.Diag.AzureMonitor.Metrics;
using Serverless.Diag.Probes;
using Serverless.Diag.TestKit;
using Serverless.Diag.TestKit.AzureMonitor;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>The azure-metrics check against a local HTTPS fake answering with the ARM spec examples.</summary>
public sealed class AzureMetricsCheckTests : IAsyncLifetime
{
    private const string Storage = "/subscriptions/b324c52b-4073-4807-93af-e07d289c093e/resourceGroups/test/providers/Microsoft.Storage/storageAccounts/larryshoebox/blobServices/default";
    private const string Cosmos = "/subscriptions/ac41e21f-afd6-4a79-8070-f01eba278f97/resourceGroups/todking/providers/Microsoft.DocumentDb/databaseAccounts/tk-cosmos-mongo";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero));
    private AzureMonitorFake _fake = null!;
    private TestTokenCredential _credential = null!;

    public async Task InitializeAsync()
    {
        _fake = await AzureMonitorFake.StartAsync();
        _credential = new TestTokenCredential();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private Task<ProbeResult> RunAsync(string yaml)
    {
        var factory = new AzureMetricsProbeFactory(
            new AzureMonitorOptions
            {
                Credential = _credential,
                Transport = new HttpClientTransport(_fake.CreateTrustingHandler()),
                MaxRetries = 1,
                RetryDelay = TimeSpan.FromMilliseconds(50),
            },
            _time);
        return YamlProbeHarness.RunAsync(YamlProbeHarness.Build(factory, $"{yaml}endpoint: {_fake.Endpoint}\naudience: https://management.azure.com/\n"), TimeSpan.FromSeconds(30));
    }

    private void Answer(int status, string body) => _fake.Responder = _ => new FakeAnswer(status, body);

    [Fact]
    public async Task Asks_for_the_metric_as_the_sdk_does_and_takes_the_latest_point()
    {
        Answer(200, ReferencePayloads.SpecExampleBody("AzureMonitor/Payloads/GetMetric.2018-01-01.json"));

        var result = await RunAsync($"""
            resource: {Storage}
            metric: BlobCapacity
            aggregation: average
            timespan: 2h
            interval: 1m
            namespace: Microsoft.Storage/storageAccounts/blobServices
            filter: BlobType eq '*'
            """ + "\n");

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"{Storage}/providers/Microsoft.Insights/metrics", request.Path);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["api-version"] = "2018-01-01",
                ["metricnames"] = "BlobCapacity",
                ["timespan"] = "2026-11-23T09:00:00Z/2026-11-23T11:00:00Z",
                ["interval"] = "PT1M",
                ["aggregation"] = "Average",
                ["metricnamespace"] = "Microsoft.Storage/storageAccounts/blobServices",
                ["$filter"] = "BlobType eq '*'",
            },
            request.QueryParameters);
        Assert.Equal($"Bearer {_credential.Token}", request.Header("Authorization"));
        Assert.Equal(["https://management.azure.com/.default"], _credential.Scopes.Distinct());

        // Two series (PageBlob, BlockBlob), each with one average at 02:23: 0 and 245.
        Assert.Null(result.Error);
        Assert.Equal(245, result.Number("value"));
        Assert.Equal(122.5, result.Number("avg"));
        Assert.Equal(245, result.Number("max"));
        Assert.Equal(0, result.Number("min"));
        Assert.Equal(2, result.Number("points"));
        Assert.Contains(result.Evidence, e => e.Title.StartsWith("BlobCapacity (Bytes), average per PT1M", StringComparison.Ordinal) && e.Content.Contains("2017-04-14T02:23:00Z 245", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_aggregation_reads_its_own_field()
    {
        Answer(200, ReferencePayloads.SpecExampleBody("AzureMonitor/Payloads/GetMetric.2018-01-01.json"));

        var result = await RunAsync($"resource: {Storage}\nmetric: BlobCapacity\naggregation: count\n");

        Assert.Equal("Count", Assert.Single(_fake.Requests).QueryParameters["aggregation"]);
        Assert.Equal("2026-11-23T10:00:00Z/2026-11-23T11:00:00Z", _fake.Requests[0].QueryParameters["timespan"]);
        Assert.False(_fake.Requests[0].QueryParameters.ContainsKey("interval"));
        Assert.Equal(8, result.Number("points"));
        Assert.Equal(1, result.Number("value"));
        Assert.Equal(0.25, result.Number("avg"));
    }

    [Fact]
    public async Task A_metric_error_inside_a_200_is_an_error_with_the_services_message()
    {
        Answer(200, ReferencePayloads.SpecExampleBody("AzureMonitor/Payloads/GetMetricError.2018-01-01.json"));

        var failed = await RunAsync($"resource: {Cosmos}\nmetric: MongoRequestsCount\n");

        Assert.Equal("metric_error", failed.Error?.Cause.Name);
        Assert.Contains("InvalidSamplingType: Sampling type is not found", failed.Error!.Message, StringComparison.Ordinal);
        Assert.NotEmpty(failed.Hints);

        var fine = await RunAsync($"resource: {Cosmos}\nmetric: MongoRequests\n");
        Assert.Null(fine.Error);
        Assert.Equal(0, fine.Number("value"));
        Assert.Equal(1, fine.Number("points"));
    }

    [Fact]
    public async Task No_data_points_leave_the_values_absent_with_a_reason()
    {
        Answer(200, """{"cost":0,"timespan":"x","interval":"PT1M","value":[{"name":{"value":"Percentage CPU"},"unit":"Percent","timeseries":[{"metadatavalues":[],"data":[{"timeStamp":"2026-11-23T10:59:00Z"}]}],"errorCode":"Success"}]}""");

        var result = await RunAsync("resource: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm\nmetric: Percentage CPU\n");

        Assert.Null(result.Error);
        Assert.Equal(0, result.Number("points"));
        Assert.Contains("no data points", result.Measurements.Lookup("value").MissingReason, StringComparison.Ordinal);
        Assert.Equal("Percentage CPU", _fake.Requests[0].QueryParameters["metricnames"]);
    }

    [Theory]
    [InlineData(403, "auth", "Monitoring Reader")]
    [InlineData(404, "not_found", "resource id")]
    [InlineData(400, "bad_query", "metric name")]
    public async Task Arm_errors_map_to_clear_causes(int status, string cause, string hint)
    {
        Answer(status, """{"code":"SomeArmError","message":"Explained by ARM"}""");

        var result = await RunAsync($"resource: {Storage}\nmetric: BlobCapacity\n");

        Assert.Equal(cause, result.Error?.Cause.Name);
        Assert.Contains("SomeArmError: Explained by ARM", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(result.Hints, h => h.Contains(hint, StringComparison.Ordinal));
    }
}
