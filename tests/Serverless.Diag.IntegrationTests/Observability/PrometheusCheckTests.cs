using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Prometheus;
using Serverless.Diag.TestKit.Prometheus;
using Xunit.Abstractions;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>
/// One real Prometheus server (Debian package) for the class, scraping a Kestrel target every second.
/// Missing binary: the tests fail in CI (CI=true) and return early with a message locally.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    public PrometheusServer? Server { get; private set; }

    public MetricsTarget? Target { get; private set; }

    public string? MissingBinary { get; private set; }

    public async Task InitializeAsync()
    {
        var binary = PrometheusServer.FindBinary();
        if (binary is null)
        {
            MissingBinary = "prometheus is not installed (apt-get install prometheus, or set PROMETHEUS_BIN)";
            return;
        }

        Target = await MetricsTarget.StartAsync();
        await Target.HitAsync("/api/ok", 7);
        await Target.HitAsync("/api/fail", 3);
        Server = await PrometheusServer.StartAsync(binary, [$"127.0.0.1:{Target.Port}"]);
        await Server.WaitForTargetsAsync("up", TimeSpan.FromSeconds(60));
        await Server.WaitForSeriesAsync("http_requests_total", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Target is not null)
        {
            await Target.DisposeAsync();
        }
    }
}

public class PrometheusCheckTests(PrometheusFixture fixture, ITestOutputHelper output) : IClassFixture<PrometheusFixture>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>False when the binary is missing outside CI (the test then stops with a message).</summary>
    private bool ServerAvailable()
    {
        if (fixture.MissingBinary is null)
        {
            return true;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(fixture.MissingBinary);
        }

        output.WriteLine($"SKIPPED: {fixture.MissingBinary}");
        return false;
    }

    private Task<ProbeResult> QueryAsync(string yaml) =>
        YamlProbeHarness.RunAsync(YamlProbeHarness.Build(new PrometheusProbeFactory(), $"url: {fixture.Server!.Url}\n{yaml}"), Generous);

    [Fact]
    public async Task A_single_series_query_gives_its_value()
    {
        if (!ServerAvailable())
        {
            return;
        }

        var result = await QueryAsync("query: sum(http_requests_total{code=~\"5..\"})\n");

        Assert.Null(result.Error);
        Assert.Equal(3, result.Number("value"));
        Assert.Equal(1, result.Number("series"));
        Assert.Contains(result.Evidence, e => e.Title == "PromQL query" && e.Content == "sum(http_requests_total{code=~\"5..\"})");
    }

    [Fact]
    public async Task Several_series_are_counted_and_shown_but_have_no_single_value()
    {
        if (!ServerAvailable())
        {
            return;
        }

        var result = await QueryAsync("query: http_requests_total\n");

        Assert.Equal(2, result.Number("series"));
        var value = result.Measurements.Lookup("value");
        Assert.False(value.Found);
        Assert.Contains("returned 2 series", value.MissingReason, StringComparison.Ordinal);
        var table = Assert.Single(result.Evidence, e => e.Title.StartsWith("Result (vector, 2 series)", StringComparison.Ordinal));
        Assert.Contains("http_requests_total{code=\"500\",handler=\"/api/fail\",instance=\"127.0.0.1:", table.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scalar_an_empty_result_and_a_range_query()
    {
        if (!ServerAvailable())
        {
            return;
        }

        Assert.Equal(42, (await QueryAsync("query: scalar(vector(42))\n")).Number("value"));

        var empty = await QueryAsync("query: http_requests_total{code=\"418\"}\n");
        Assert.Equal(0, empty.Number("series"));
        Assert.Equal("the query returned no series", empty.Measurements.Lookup("value").MissingReason);

        var range = await QueryAsync("query: process_up[1m]\n");
        Assert.Equal(1, range.Number("value"));
    }

    [Fact]
    public async Task A_bad_query_is_an_error_with_prometheus_own_message()
    {
        if (!ServerAvailable())
        {
            return;
        }

        var result = await QueryAsync("query: sum(http_requests_total\n");

        Assert.Equal("bad_query", result.Error?.Cause.Name);
        Assert.Contains("HTTP 400, bad_data", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("parse error", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_mode_counts_targets_up_then_down_once_the_service_stops()
    {
        if (!ServerAvailable())
        {
            return;
        }

        var up = await QueryAsync("mode: targets\n");
        Assert.Equal(1, up.Number("targets.up"));
        Assert.Equal(0, up.Number("targets.down"));
        Assert.Equal(1, up.Number("targets.total"));
        Assert.Equal(0, (await QueryAsync("mode: targets\njob: other\n")).Number("targets.total"));

        // A server of its own, so the shared target stays up for the other tests.
        var target = await MetricsTarget.StartAsync();
        await using var server = await PrometheusServer.StartAsync(PrometheusServer.FindBinary()!, [$"127.0.0.1:{target.Port}"]);
        await server.WaitForTargetsAsync("up", TimeSpan.FromSeconds(60));
        await target.DisposeAsync();
        await server.WaitForTargetsAsync("down", TimeSpan.FromSeconds(60));

        var down = await YamlProbeHarness.RunAsync(YamlProbeHarness.Build(new PrometheusProbeFactory(), $"url: {server.Url}\nmode: targets\njob: app\n"), Generous);
        Assert.Equal(0, down.Number("targets.up"));
        Assert.Equal(1, down.Number("targets.down"));
        var evidence = Assert.Single(down.Evidence, e => e.Title == "Targets down (1)");
        Assert.Contains($"app 127.0.0.1:{target.Port}: ", evidence.Content, StringComparison.Ordinal);
        Assert.Contains("connection refused", evidence.Content, StringComparison.Ordinal);
        Assert.NotEmpty(down.Hints);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_refused()
    {
        if (!ServerAvailable())
        {
            return;
        }

        var result = await YamlProbeHarness.RunAsync(YamlProbeHarness.Build(new PrometheusProbeFactory(), "url: http://127.0.0.1:1\nquery: up\n"));

        Assert.Equal(ErrorCause.Refused, result.Error?.Cause);
    }
}
