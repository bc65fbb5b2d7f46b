using System.Text.Json;
using Azure.Core.Pipeline;
using Serverless.Diag.AzureMonitor;
using Serverless.Diag.AzureMonitor.Logs;
using Serverless.Diag.Probes;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit;
using Serverless.Diag.TestKit.AzureMonitor;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>The azure-logs check against a local HTTPS fake answering with the service's documented payloads.</summary>
public sealed class AzureLogsCheckTests : IAsyncLifetime
{
    private const string Workspace = "63613592-b6f7-4c3d-a390-22ba13102111";
    private const string ResourceId = "/subscriptions/fffa080af-c2d8-40ad-9cce-e1a450bawb57/resourceGroups/test-resourcegroup/providers/Microsoft.Storage/storageAccounts/storageaccountname";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private AzureMonitorFake _fake = null!;
    private TestTokenCredential _credential = null!;

    public async Task InitializeAsync()
    {
        _fake = await AzureMonitorFake.StartAsync();
        _credential = new TestTokenCredential();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private AzureLogsProbeFactory Factory(TestTokenCredential? credential = null) => new(new AzureMonitorOptions
    {
        Credential = credential ?? _credential,
        Transport = new HttpClientTransport(_fake.CreateTrustingHandler()),
        MaxRetries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(50),
    });

    private string Settings(string target, string query = "Usage | take 10", string extra = "audience: https://api.loganalytics.io\n") =>
        $"{target}\nquery: \"{query}\"\ntimespan: 12h\nendpoint: {_fake.Endpoint}\n{extra}";

    private Task<ProbeResult> RunAsync(string yaml, TimeSpan? timeout = null, SecretRedactor? secrets = null, TestTokenCredential? credential = null) =>
        YamlProbeHarness.RunAsync(YamlProbeHarness.Build(Factory(credential), yaml), timeout ?? Generous, secrets);

    private void Answer(int status, string body, TimeSpan delay = default) => _fake.Responder = _ => new FakeAnswer(status, body, delay);

    [Fact]
    public async Task Sends_the_query_as_the_sdk_does_and_reads_cells_sent_as_strings()
    {
        Answer(200, ReferencePayloads.SpecExampleBody("AzureMonitor/Payloads/la-post-example.2022-10-27_Preview.json"));

        var result = await RunAsync(Settings($"workspace: {Workspace}"));

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/v1/workspaces/{Workspace}/query", request.Path);
        Assert.Equal("wait=30", request.Header("Prefer"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal($"Bearer {_credential.Token}", request.Header("Authorization"));
        Assert.Equal(["https://api.loganalytics.io/.default"], _credential.Scopes.Distinct());
        using (var body = JsonDocument.Parse(request.Body))
        {
            Assert.Equal("Usage | take 10", body.RootElement.GetProperty("query").GetString());
            Assert.Equal("PT12H", body.RootElement.GetProperty("timespan").GetString());
        }

        Assert.Null(result.Error);
        Assert.Equal(2, result.Number("rows"));
        Assert.Equal("b438b4f6-912a-46d5-9cb1-b44069212abc", result.Value("value"));
        Assert.Equal(1, result.Number("row.TotalBatches"));
        Assert.Equal(1.286, result.Number("row.AvgLatencyInSeconds"));
        Assert.Equal(true, result.Value("row.IsBillable"));
        Assert.Null(result.Value("row.LinkedResourceUri"));
        Assert.Equal("2017-08-24T06:59:59Z", result.Value("row.TimeGenerated"));
        Assert.Equal(false, result.Value("partial"));
        Assert.Contains("no column 'Nope'", result.Measurements.Lookup("row.Nope").MissingReason, StringComparison.Ordinal);
        var rows = Assert.Single(result.Evidence, e => e.Title == "First rows (2 of 2)");
        Assert.StartsWith("TenantId | Computer | TimeGenerated", rows.Content, StringComparison.Ordinal);
        Assert.Contains(result.Evidence, e => e.Title == "KQL query" && e.Content.StartsWith("Usage | take 10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Queries_a_resource_and_reads_native_json_numbers()
    {
        Answer(200, ReferencePayloads.SpecExampleBody("AzureMonitor/Payloads/la-post-resource-centric-example.2022-10-27.json"));

        var centric = await RunAsync(Settings($"resource: {ResourceId}", "StorageBlobLogs | summarize count() by OperationName"));

        Assert.Equal($"/v1{ResourceId}/query", Assert.Single(_fake.Requests).Path);
        Assert.Equal("operation1", centric.Value("value"));
        Assert.Equal(10, centric.Number("row.count_"));

        Answer(200, ReferencePayloads.Read("AzureMonitor/Payloads/logs-response-format.learn-docs.json"));
        var native = await RunAsync(Settings($"workspace: {Workspace}"));
        Assert.Equal(4, native.Number("rows"));
        Assert.Equal("Administrative", native.Value("value"));
        Assert.Equal(20839, native.Number("row.count_"));
    }

    [Fact]
    public async Task The_default_audience_is_the_endpoint_so_sovereign_clouds_need_one_setting()
    {
        Answer(200, ReferencePayloads.Read("AzureMonitor/Payloads/logs-response-format.learn-docs.json"));

        await RunAsync(Settings($"workspace: {Workspace}", extra: string.Empty));

        Assert.Equal([$"https://127.0.0.1:{_fake.Endpoint.Port}/.default"], _credential.Scopes.Distinct());
    }

    [Fact]
    public async Task A_partial_error_keeps_the_rows_and_says_so()
    {
        using var document = JsonDocument.Parse(ReferencePayloads.Read("AzureMonitor/Payloads/logs-response-format.learn-docs.json"));
        var body = document.RootElement.GetRawText()[..^1] +
            ",\"error\":{\"code\":\"PartialError\",\"message\":\"There were some errors when processing your query.\",\"details\":[],\"innererror\":{\"code\":\"EngineError\",\"message\":\"Query result set has exceeded the internal data size limit\"}}}";
        Answer(200, body);

        var result = await RunAsync(Settings($"workspace: {Workspace}"));

        Assert.Null(result.Error);
        Assert.Equal(true, result.Value("partial"));
        Assert.StartsWith("partial results: PartialError", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Equal(4, result.Number("rows"));
        var partial = Assert.Single(result.Evidence, e => e.Title.StartsWith("Partial error", StringComparison.Ordinal));
        Assert.Equal("PartialError: There were some errors when processing your query. / EngineError: Query result set has exceeded the internal data size limit", partial.Content);
        Assert.Contains(result.Hints, h => h.Contains("partial results", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_syntax_error_is_a_bad_query_with_the_inner_message_and_is_not_retried()
    {
        Answer(400, ReferencePayloads.Read("AzureMonitor/Payloads/logs-error-400-syntax.learn-docs.json"));

        var result = await RunAsync(Settings($"workspace: {Workspace}", "Usage | tak 10"));

        Assert.Equal("bad_query", result.Error?.Cause.Name);
        Assert.Contains("BadArgumentError: The request had some invalid properties / SyntaxError: Syntax Error", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(result.Evidence, e => e.Title == "KQL query" && e.Content.StartsWith("Usage | tak 10", StringComparison.Ordinal));
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task A_refused_token_is_an_auth_error()
    {
        Answer(401, "{\"error\":{\"code\":\"InvalidTokenError\",\"message\":\"The provided authentication is not valid for this resource\"}}");

        var result = await RunAsync(Settings($"workspace: {Workspace}"));

        Assert.Equal(ErrorCause.Auth, result.Error?.Cause);
        Assert.Contains("InvalidTokenError", result.Error!.Message, StringComparison.Ordinal);
        Assert.NotEmpty(result.Hints);
    }

    [Fact]
    public async Task A_gateway_timeout_is_retried_by_the_pipeline_then_reported_as_a_timeout()
    {
        Answer(504, "{\"error\":{\"code\":\"GatewayTimeout\",\"message\":\"The query exceeded the allowed time\"}}");

        var result = await RunAsync(Settings($"workspace: {Workspace}"));

        Assert.Equal(ErrorCause.Timeout, result.Error?.Cause);
        Assert.Contains("HTTP 504", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(3, _fake.Requests.Count); // the first try and Azure.Core's two retries
        Assert.All(_fake.Requests, r => Assert.Equal($"Bearer {_credential.Token}", r.Header("Authorization")));
    }

    [Fact]
    public async Task A_slow_answer_ends_at_the_checks_timeout_and_the_service_was_told_to_wait_less()
    {
        Answer(200, ReferencePayloads.Read("AzureMonitor/Payloads/logs-response-format.learn-docs.json"), delay: TimeSpan.FromSeconds(20));

        var result = await RunAsync(Settings($"workspace: {Workspace}"), timeout: TimeSpan.FromSeconds(2));

        Assert.Equal(ErrorCause.Timeout, result.Error?.Cause);
        Assert.Contains("no answer within 2s", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("wait=2", _fake.Requests[0].Header("Prefer"));
    }

    [Fact]
    public async Task A_credential_that_cannot_get_a_token_is_an_auth_error_with_a_hint()
    {
        var result = await RunAsync(Settings($"workspace: {Workspace}"), credential: new TestTokenCredential(fail: true));

        Assert.Equal(ErrorCause.Auth, result.Error?.Cause);
        Assert.Contains("no identity is assigned", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(result.Hints, h => h.Contains("managed identity", StringComparison.Ordinal));
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Secrets_in_the_query_and_the_token_never_reach_the_result()
    {
        Answer(400, ReferencePayloads.Read("AzureMonitor/Payloads/logs-error-400-syntax.learn-docs.json"));
        var secrets = new SecretRedactor();
        secrets.Add("planted-kql-secret");

        var result = await RunAsync(Settings($"workspace: {Workspace}", "AppTraces | where Message has 'planted-kql-secret'"), secrets: secrets);

        Assert.Contains("planted-kql-secret", _fake.Requests[0].Body, StringComparison.Ordinal);
        var everything = result.Everything();
        Assert.Contains("AppTraces | where Message has '***'", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-kql-secret", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_credential.Token, everything, StringComparison.Ordinal);
    }
}
