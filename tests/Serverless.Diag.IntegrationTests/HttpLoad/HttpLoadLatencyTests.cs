using Serverless.Diag.Probes;
using Serverless.Diag.TestKit.HttpLoad;
using Xunit.Abstractions;

namespace Serverless.Diag.IntegrationTests.HttpLoad;

/// <summary>
/// Latency shapes the probe must report faithfully, against a real Kestrel target on loopback. A busy machine only ever
/// adds latency, so what is asserted is what load cannot fake: the floors the endpoints impose (20 ms is not
/// answered in 15), the ceilings the model imposes (8 workers on 20 ms cannot exceed 400/s; an open model never
/// exceeds its rate), and the shapes (the slow mode in the p99, not in the p50), with room above for a loaded host.
/// </summary>
[Collection(HttpLoadCollection.Name)]
public class HttpLoadLatencyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LoadTargetServer _server = null!;

    public async Task InitializeAsync() => _server = await LoadTargetServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Closed_model_measures_a_fixed_20ms_endpoint_at_20ms()
    {
        var result = await RunAsync($"url: {_server.Url("fixed/20")}\nrequests: 200\nconcurrency: 8\nwarmup: 16");

        Assert.Null(result.Error);
        Assert.Equal(200.0, Value(result, "requests"));
        Assert.Equal(200.0, Value(result, "status.200"));
        Assert.Equal(0.0, Value(result, "error_rate"));
        Assert.InRange(Value(result, "p50"), 18, 250);
        Assert.True(Value(result, "p50") <= Value(result, "p90") && Value(result, "p90") <= Value(result, "p99") && Value(result, "p99") <= Value(result, "max"));
        Assert.InRange(Value(result, "throughput"), 1, 8 * 1000 / 20.0);
        Assert.Equal(216, _server.Requests);
    }

    [Fact]
    public async Task Open_model_measures_a_fixed_20ms_endpoint_at_20ms_and_keeps_the_rate()
    {
        var result = await RunAsync($"url: {_server.Url("fixed/20")}\nrate: 100\nduration: 2s\nconcurrency: 8\nwarmup: 1s");

        Assert.Null(result.Error);
        Assert.Equal(200.0, Value(result, "requests"));
        Assert.InRange(Value(result, "p50"), 18, 250);

        // Never above the rate (the schedule is the ceiling); below it only as far as a loaded host lags.
        Assert.InRange(Value(result, "throughput"), 40, 105);
    }

    [Fact]
    public async Task The_p99_of_a_bimodal_endpoint_catches_the_slow_mode()
    {
        // One request in 20 takes 200 ms, the others 2 ms.
        var result = await RunAsync($"url: {_server.Url("bimodal/20/200/2")}\nrequests: 400\nconcurrency: 4\nwarmup: 8");

        Assert.Null(result.Error);
        Assert.True(Value(result, "p50") < 100, $"p50 {Value(result, "p50")}: the fast mode");
        Assert.True(Value(result, "p90") < 150, $"p90 {Value(result, "p90")}: still the fast mode");
        Assert.InRange(Value(result, "p99"), 195, 3000);
        var chart = result.Evidence.Single(e => e.Title.StartsWith("Latency (ms)", StringComparison.Ordinal)).Content;
        Assert.Matches(@"128 - 256\s+ms \|#+ *\| [1-9]", chart);
        Assert.Contains(result.Hints, h => h.Contains("cache misses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stall_hides_from_the_closed_models_p99_but_not_from_the_open_models()
    {
        // Every 100th request freezes the endpoint for 1 s. One closed worker waits out each stall with a single
        // request (requests 51..490 meet 4 stalls: 4 in 440 < 1 %), so its p99 stays fast; the open model keeps
        // scheduling, and every request due during a stall is measured from its due time.
        var closed = await RunAsync($"url: {_server.Url("stall/100/1000")}\nrequests: 440\nconcurrency: 1\nwarmup: 50");
        await using var fresh = await LoadTargetServer.StartAsync();
        var open = await RunAsync($"url: {fresh.Url("stall/100/1000")}\nrate: 100\nduration: 3s\nconcurrency: 10");

        Assert.Null(closed.Error);
        Assert.Null(open.Error);
        Assert.True(Value(closed, "max") >= 950, $"closed max {Value(closed, "max")}: the closed run did meet the stall");
        // Exactly the four stalls are slow in the closed run (a busy host slows requests, it does not make them wait a
        // second), so its p99 stays below the open model's, which measures the stall in every request due during it.
        Assert.True(Value(open, "p99") >= 800, $"open p99 {Value(open, "p99")}");
        Assert.True(Value(closed, "p99") < Value(open, "p99"), $"open p99 {Value(open, "p99")} vs closed p99 {Value(closed, "p99")}");
        Assert.Equal(300.0, Value(open, "requests"));
        Assert.Equal(4, CountAbove(closed, 900));
        Assert.Contains(open.Evidence, e => e.Content.Contains("started late", StringComparison.Ordinal));
    }

    private async Task<ProbeResult> RunAsync(string settings)
    {
        var probe = LoadChecks.Probe(settings);
        var result = await probe.RunAsync(LoadChecks.Context(), CancellationToken.None);
        HttpLoadCollection.Log(output, result);
        return result;
    }

    private static int CountAbove(ProbeResult result, double ms) =>
        result.Evidence.Single(e => e.Title.StartsWith("Slowest", StringComparison.Ordinal)).Content
            .Split('\n').Skip(1).Count(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var latency, _] && double.Parse(latency, System.Globalization.CultureInfo.InvariantCulture) > ms);

    private static double Value(ProbeResult result, string path) => (double)result.Measurements.Lookup(path).Value!;
}
