using System.Text;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Metrics;
using Serverless.Diag.Probes.Prometheus;
using Serverless.Diag.TestKit.Prometheus;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>What a real Prometheus will not do on demand: require auth, fail, answer garbage.</summary>
public sealed class PrometheusApiTests : IAsyncLifetime
{
    private PrometheusApiFake _fake = null!;

    public async Task InitializeAsync() => _fake = await PrometheusApiFake.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private async Task<ProbeResult> RunAsync(string yaml)
    {
        var (probe, errors, secrets) = YamlProbeHarness.Create(new PrometheusProbeFactory(), $"url: {_fake.Url}prom\n{yaml}");
        Assert.Empty(errors);
        return await YamlProbeHarness.RunAsync(probe!, secrets: secrets);
    }

    [Fact]
    public async Task Posts_the_query_as_a_form_under_the_url_prefix_with_a_bearer_token_that_stays_secret()
    {
        const string token = "planted-prometheus-token-42";
        _fake.Answer = (401, """{"status":"error","errorType":"unauthorized","error":"bad token planted-prometheus-token-42"}""", "application/json");

        var result = await RunAsync($"query: sum(up)\nauth: {{ type: bearer, token: {token} }}\n");

        var request = Assert.Single(_fake.Requests);
        Assert.Equal(("POST", "/prom/api/v1/query", $"Bearer {token}", "query=sum%28up%29"), request);
        Assert.Equal(ErrorCause.Auth, result.Error?.Cause);
        Assert.Contains("bad token ***", result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, result.Everything(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sends_basic_auth_for_targets()
    {
        _fake.Answer = (200, """{"status":"success","data":{"activeTargets":[{"labels":{"job":"api","instance":"a:1"},"health":"up"},{"labels":{"job":"api","instance":"b:1"},"health":"unknown"}],"droppedTargets":[]}}""", "application/json");

        var result = await RunAsync("mode: targets\nauth: { type: basic, username: reader, password: planted-basic-password }\n");

        var request = Assert.Single(_fake.Requests);
        Assert.Equal("/prom/api/v1/targets?state=active", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("reader:planted-basic-password")), request.Authorization);
        Assert.Equal(1, result.Number("targets.up"));
        Assert.Equal(1, result.Number("targets.unknown"));
        Assert.Equal(2, result.Number("targets.total"));
    }

    [Theory]
    [InlineData(503, """{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}""", "timeout", "query timed out")]
    [InlineData(422, """{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}""", "protocol", "many-to-many")]
    [InlineData(200, "<html>login</html>", "not_json", "without the API's JSON envelope")]
    [InlineData(502, "<html>bad gateway</html>", "unavailable", "HTTP 502")]
    [InlineData(200, """{"status":"success","data":{"resultType":"weird","result":1}}""", "protocol", "unexpected query result type 'weird'")]
    public async Task Api_failures_become_errors_with_their_cause(int status, string body, string cause, string message)
    {
        _fake.Answer = (status, body, "application/json");

        var result = await RunAsync("query: up\n");

        Assert.Equal(cause, result.Error?.Cause.Name);
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_check_sends_its_token_too()
    {
        await using var target = await MetricsTarget.StartAsync();
        var (probe, _, secrets) = YamlProbeHarness.Create(new MetricsProbeFactory(), $"url: {target.MetricsUrl}\nauth: {{ type: bearer, token: planted-scrape-token }}\nvalues:\n  up: process_up\n");

        var result = await YamlProbeHarness.RunAsync(probe!, secrets: secrets);

        Assert.Equal(1, result.Number("up"));
        Assert.Equal("Bearer planted-scrape-token", target.LastAuthorization);
    }
}
