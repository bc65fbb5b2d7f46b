using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Hosting;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.TestKit.ApplicationInsights;

namespace Serverless.Diag.IntegrationTests.ApplicationInsights;

/// <summary>
/// The CLI run with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a local ingestion server: one availability result
/// per check with the fields Azure's own availability tests write, correlated with the traceparent the target received.
/// </summary>
public sealed class AvailabilityResultsTests
{
    private const string Secret = "sekret-AI-4f1c9a77e2";

    [Fact]
    public async Task Every_check_becomes_an_availability_result_whose_operation_id_is_the_trace_id_the_target_received()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        var config = CliHarness.WriteConfig($$"""
            version: 1
            environments:
              staging:
                vars: { base: "{{target.Base}}" }
                allow_load: true
            checks:
              - name: api-health
                type: http
                url: ${base}/health
                severity: P1
                expect: [status == 200, json.status == "healthy"]
              - name: degraded
                type: http
                url: ${base}/degraded
                severity: P0
                expect: [status == 200]
              - name: untraced
                type: http
                url: ${base}/untraced
                trace: false
              - name: socket
                type: websocket
                url: ws://127.0.0.1:{{target.Server.Port}}/ws
                send: ping
                expect: [reply == "ping"]
              - name: load
                type: http-load
                url: ${base}/load
                requests: 4
                concurrency: 2
            """);

        var outcome = await CliHarness.RunAsync(Environment(ingestion), "run", "--config", config);

        Assert.Equal(1, outcome.ExitCode);
        var items = ingestion.AvailabilityItems.ToDictionary(i => Data(i)["name"]!.GetValue<string>());
        Assert.Equal(["staging/api-health", "staging/degraded", "staging/load", "staging/socket", "staging/untraced"], items.Keys.Order(StringComparer.Ordinal));

        var health = items["staging/api-health"];
        Assert.Equal("Microsoft.ApplicationInsights.Availability", health["name"]!.GetValue<string>());
        Assert.Equal(IngestionServer.InstrumentationKey, health["iKey"]!.GetValue<string>());
        Assert.True(Data(health)["success"]!.GetValue<bool>());
        Assert.Equal("westeurope-test", Data(health)["runLocation"]!.GetValue<string>());
        Assert.Matches(@"^0\.00:00:\d\d\.\d{7}$", Data(health)["duration"]!.GetValue<string>());
        Assert.Equal("P1", Data(health)["properties"]!["severity"]!.GetValue<string>());
        Assert.Equal("pass", Data(health)["properties"]!["status"]!.GetValue<string>());
        Assert.Null(Data(health)["properties"]!["cause"]);
        Assert.Equal(200, Data(health)["measurements"]!["status"]!.GetValue<double>());
        Assert.True(Data(health)["measurements"]!["latency"]!.GetValue<double>() > 0);

        var failing = Data(items["staging/degraded"]);
        Assert.False(failing["success"]!.GetValue<bool>());
        Assert.Equal("status == 200 failed (actual 503)", failing["message"]!.GetValue<string>());
        Assert.Equal("P0", failing["properties"]!["severity"]!.GetValue<string>());
        Assert.Equal("fail", failing["properties"]!["status"]!.GetValue<string>());
        Assert.Equal("assertion", failing["properties"]!["cause"]!.GetValue<string>());

        // Each traced check's operation id is the trace id its requests carried, and its id the parent span id.
        foreach (var (name, path) in new[] { ("api-health", "/health"), ("degraded", "/degraded"), ("socket", "/ws"), ("load", "/load") })
        {
            var item = items[$"staging/{name}"];
            var traceParents = target.TraceParents(path);
            Assert.NotEmpty(traceParents);
            var expected = $"00-{item["tags"]!["ai.operation.id"]!.GetValue<string>()}-{Data(item)["id"]!.GetValue<string>()}-01";
            Assert.All(traceParents, received => Assert.Equal(expected, received));
        }

        // trace: false sends no header, and the result still has an operation of its own.
        Assert.All(target.TraceParents("/untraced"), Assert.Null);
        Assert.Matches("^[0-9a-f]{32}$", items["staging/untraced"]["tags"]!["ai.operation.id"]!.GetValue<string>());
        var operationIds = items.Values.Select(i => i["tags"]!["ai.operation.id"]!.GetValue<string>()).ToList();
        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());
        Assert.Null(ingestion.Requests.Single().Header("Authorization"));
    }

    [Fact]
    public async Task A_planted_secret_reaches_the_ingestion_endpoint_in_no_encoding()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        var closed = Serverless.Diag.TestKit.Servers.FreePort.Next();
        var config = CliHarness.WriteConfig($$"""
            version: 1
            environments:
              staging:
                vars: { base: "{{target.Base}}" }
            checks:
              - name: with-token
                type: http
                url: ${base}/degraded?key=${env:API_SECRET}
                headers: { X-Api-Key: "${env:API_SECRET}" }
                expect:
                  - body contains "${env:API_SECRET}"
                  - status == 200
              - name: refused
                type: http
                url: http://user:${env:API_SECRET}@127.0.0.1:{{closed}}/
            """);
        var environment = Environment(ingestion);
        environment["API_SECRET"] = Secret;

        var outcome = await CliHarness.RunAsync(environment, "run", "--config", config);

        Assert.True(outcome.ExitCode == 1, outcome.Stdout + outcome.Stderr);
        Assert.Equal(2, ingestion.AvailabilityItems.Count);
        // The raw bytes and every decoded string value (JSON may escape characters of a secret).
        var body = string.Concat(ingestion.Requests.Select(r => r.Body)) + "\n" + string.Join("\n", ingestion.Items.SelectMany(Strings));
        foreach (var encoding in Encodings(Secret))
        {
            Assert.DoesNotContain(encoding, body, StringComparison.Ordinal);
        }

        // The failed assertion that named the secret is there, masked.
        Assert.Contains("body contains \"***\" failed", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_connection_string_nothing_is_sent_and_a_broken_one_is_logged_without_quoting_it()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        var config = CliHarness.WriteConfig($$"""
            version: 1
            environments:
              staging:
                vars: { base: "{{target.Base}}" }
            checks:
              - name: api-health
                type: http
                url: ${base}/health
            """);
        var logs = new RecordingLoggerProvider();
        var broken = new Dictionary<string, string> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"IngestionEndpoint={ingestion.Endpoint};Secretish={Secret}" };
        var brokenPipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, LoggerFactory.Create(b => b.AddProvider(logs)), broken.GetValueOrDefault);

        var unset = await CliHarness.RunAsync(new Dictionary<string, string>(), "run", "--config", config);
        var result = await brokenPipeline.RunAsync(brokenPipeline.Plan(brokenPipeline.LoadConfig(config), RunFilter.All), null, null, CancellationToken.None);

        Assert.Equal(0, unset.ExitCode);
        Assert.Equal(RunStatus.Pass, result.Report.Status);
        Assert.Null(result.Availability);
        Assert.Null(brokenPipeline.Availability);
        Assert.Empty(ingestion.Requests);
        var error = Assert.Single(logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING has no InstrumentationKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string> Environment(IngestionServer ingestion) => new()
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString,
        ["DIAG_RUN_LOCATION"] = "westeurope-test",
    };

    internal static JsonNode Data(JsonObject item) => item["data"]!["baseData"]!;

    internal static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value).Prepend(p.Key)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    internal static IEnumerable<string> Encodings(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + secret));
        yield return Convert.ToHexString(Encoding.UTF8.GetBytes(secret));
        yield return secret[..(secret.Length / 2 + 2)];
    }
}
