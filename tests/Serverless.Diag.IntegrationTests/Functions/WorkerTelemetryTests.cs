using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Diag.IntegrationTests.ApplicationInsights;
using Serverless.Diag.TestKit.ApplicationInsights;
using Serverless.Diag.TestKit.FunctionsHost;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The published worker under the emulated host with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a local
/// ingestion server: the availability results of a timer run, and the worker's own log lines through
/// Worker.ApplicationInsights with their severity.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class WorkerTelemetryTests(PackagedApp package)
{
    private const string Secret = "sekret-worker-AI-8c2e61f0";

    private static string Config(TracedTarget target) => $$"""
        version: 1
        environments:
          staging:
            vars: { base: "{{target.Base}}" }
        checks:
          - name: api-health
            type: http
            url: ${base}/health
            headers:
              Authorization: Bearer ${env:API_TOKEN}
            severity: P1
            expect: [status == 200]
          - name: degraded
            type: http
            url: ${base}/degraded?key=${env:API_TOKEN}
            expect: [status == 200]
        """;

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString,
        ["DIAG_RUN_LOCATION"] = "westeurope-test",
        ["API_TOKEN"] = Secret,
    };

    [Fact]
    public async Task A_timer_run_records_one_availability_result_per_check_correlated_with_the_traceparent_the_target_received()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        await using var worker = await PublishedWorker.StartAsync(package, Config(target), Settings(ingestion.ConnectionString));

        var run = await worker.TimerAsync(TimerPayloads.FirstRun(new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));

        // Sent before the invocation answers: the host may freeze the instance right after.
        Assert.True(run.Succeeded, run.FailureMessage);
        var items = ingestion.AvailabilityItems.ToDictionary(i => AvailabilityResultsTests.Data(i)["name"]!.GetValue<string>());
        Assert.Equal(["staging/api-health", "staging/degraded"], items.Keys.Order(StringComparer.Ordinal));
        var health = AvailabilityResultsTests.Data(items["staging/api-health"]);
        Assert.True(health["success"]!.GetValue<bool>());
        Assert.Equal("westeurope-test", health["runLocation"]!.GetValue<string>());
        Assert.Equal("P1", health["properties"]!["severity"]!.GetValue<string>());
        Assert.Equal("pass", health["properties"]!["status"]!.GetValue<string>());
        var degraded = AvailabilityResultsTests.Data(items["staging/degraded"]);
        Assert.False(degraded["success"]!.GetValue<bool>());
        Assert.Equal("status == 200 failed (actual 503)", degraded["message"]!.GetValue<string>());
        Assert.Equal("assertion", degraded["properties"]!["cause"]!.GetValue<string>());
        foreach (var (name, path) in new[] { ("api-health", "/health"), ("degraded", "/degraded") })
        {
            var item = items[$"staging/{name}"];
            var expected = $"00-{item["tags"]!["ai.operation.id"]!.GetValue<string>()}-{AvailabilityResultsTests.Data(item)["id"]!.GetValue<string>()}-01";
            Assert.Equal([expected], target.TraceParents(path));
        }
    }

    [Fact]
    public async Task The_workers_own_log_lines_reach_application_insights_once_with_their_severity_and_no_secret()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        await using var worker = await PublishedWorker.StartAsync(package, Config(target), Settings(ingestion.ConnectionString));

        var run = await worker.TimerAsync(TimerPayloads.FirstRun(new DateTime(2026, 3, 1, 10, 5, 0, DateTimeKind.Utc)));
        var capabilities = worker.Host.Capabilities;

        Assert.True(run.Succeeded, run.FailureMessage);

        // The worker tells the host it sends its own logs, so the host does not forward them a second time.
        Assert.Equal("True", capabilities["WorkerApplicationInsightsLoggingEnabled"]);

        // The SDK's channel sends in batches (every 30 s at the latest), so wait for the lines while the worker runs.
        var traces = await TracesAsync(ingestion, t => t.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal));
        var received = string.Join("\n", ingestion.Requests.Select(r => $"{r.Header("Content-Encoding")} {r.Items.Count}: {string.Join(", ", r.Items.Select(i => i["name"]))}"));
        Assert.True(traces.Any(t => t.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal)), $"received:\n{received}");
        var summary = Assert.Single(traces, t => t.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal));
        Assert.Equal("Information", summary.Severity);
        Assert.Contains("first run", summary.Message, StringComparison.Ordinal);
        var failing = Assert.Single(traces, t => t.Message.StartsWith("staging/degraded fail", StringComparison.Ordinal));
        Assert.Equal("Warning", failing.Severity);
        Assert.DoesNotContain(traces, t => t.Message.StartsWith("staging/api-health", StringComparison.Ordinal));
        Assert.Equal(traces.Count, traces.Select(t => t.Message).Distinct(StringComparer.Ordinal).Count());

        // The same lines still reach the host over the stream, with the same levels.
        Assert.Equal(LogLevel.Information, Assert.Single(run.Logs, l => l.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal)).Level);
        Assert.Equal(LogLevel.Warning, Assert.Single(run.Logs, l => l.Message.StartsWith("staging/degraded fail", StringComparison.Ordinal)).Level);

        var everything = string.Concat(ingestion.Requests.Select(r => r.Body)) + "\n" + string.Join("\n", ingestion.Items.SelectMany(AvailabilityResultsTests.Strings))
            + "\n" + string.Join("\n", run.Logs) + "\n" + worker.Host.Output;
        foreach (var encoding in AvailabilityResultsTests.Encodings(Secret))
        {
            Assert.DoesNotContain(encoding, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ingestion_down_or_slow_the_timer_run_still_completes_in_bounded_time_and_says_what_was_lost()
    {
        await using var slow = await IngestionServer.StartAsync();
        slow.Answer = _ => IngestionAnswer.Slow(TimeSpan.FromSeconds(120));
        await using var target = await TracedTarget.StartAsync();
        var down = $"InstrumentationKey={IngestionServer.InstrumentationKey};IngestionEndpoint=http://127.0.0.1:{FreePort.Next()}/";

        foreach (var connectionString in new[] { down, slow.ConnectionString })
        {
            await using var worker = await PublishedWorker.StartAsync(package, Config(target), Settings(connectionString));
            var clock = Stopwatch.StartNew();

            var run = await worker.TimerAsync();

            // The bound: the 5 s flush timeout plus two loopback checks, far below the endpoint's 120 s (roomy for a busy machine).
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"the run took {clock.Elapsed}");
            Assert.True(run.Succeeded, run.FailureMessage);
            Assert.Contains(run.Logs, l => l.Level == LogLevel.Information && l.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal));
            Assert.Contains(run.Logs, l => l.Level == LogLevel.Warning && l.Message.Contains("2 of 2 availability results not recorded", StringComparison.Ordinal));
        }
    }

    private sealed record Trace(string Message, string Severity);

    /// <summary>The MessageData items received, once one matching <paramref name="until"/> is in (the channel sends in batches).</summary>
    private static async Task<IReadOnlyList<Trace>> TracesAsync(IngestionServer ingestion, Func<Trace, bool> until)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var traces = ingestion.Items
                .Where(i => i["data"]?["baseType"]?.GetValue<string>() == "MessageData")
                .Select(i => i["data"]!["baseData"]!)
                .Select(d => new Trace(d["message"]!.GetValue<string>(), d["severityLevel"]?.GetValue<string>() ?? "Verbose"))
                .ToList();
            if (traces.Any(until) || waited.Elapsed > TimeSpan.FromSeconds(90))
            {
                return traces;
            }

            await Task.Delay(200);
        }
    }
}
