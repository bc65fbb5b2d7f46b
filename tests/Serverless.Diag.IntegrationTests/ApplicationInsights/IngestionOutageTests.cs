using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Serverless.Diag.ApplicationInsights;
using Serverless.Diag.Hosting;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.IntegrationTests.Observability;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.TestKit.ApplicationInsights;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.ApplicationInsights;

/// <summary>An ingestion endpoint that is down, slow, throttled or picky never fails a run or holds it past the flush timeout; what is lost is counted and logged.</summary>
public sealed class IngestionOutageTests
{
    // Roomy for a busy machine; the slow-endpoint test sets its own short bound.
    private static readonly TimeSpan Flush = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ingestion_down_the_run_completes_with_its_results_counted_as_not_delivered_and_a_warning()
    {
        await using var target = await TracedTarget.StartAsync();
        var closed = FreePort.Next();
        var logs = new RecordingLoggerProvider();
        var pipeline = Pipeline($"InstrumentationKey={IngestionServer.InstrumentationKey};IngestionEndpoint=http://127.0.0.1:{closed}/", logs);

        var result = await RunAsync(pipeline, target);

        Assert.Equal(RunStatus.Pass, result.Report.Status);
        Assert.Equal(new AvailabilityExportOutcome(2, 0, 0, 2, result.Availability!.Problem), result.Availability);
        Assert.Contains("unreachable", result.Availability.Problem, StringComparison.Ordinal);
        Assert.Equal(2, pipeline.Availability!.LostTotal);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("2 of 2 availability results not recorded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingestion_slow_the_run_returns_after_the_flush_timeout_and_counts_the_results_as_not_delivered()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        ingestion.Answer = _ => IngestionAnswer.Slow(TimeSpan.FromSeconds(30));
        await using var target = await TracedTarget.StartAsync();
        var pipeline = Pipeline(ingestion.ConnectionString, new RecordingLoggerProvider(), TimeSpan.FromSeconds(1));

        var started = Stopwatch.StartNew();
        var result = await RunAsync(pipeline, target);
        started.Stop();

        Assert.Equal(2, result.Availability!.Dropped);
        Assert.Contains("did not answer within the 1 s flush timeout", result.Availability.Problem, StringComparison.Ordinal);
        // The bound under test: the flush timeout plus the checks themselves, far below the endpoint's 30 s.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(6), $"the run took {started.Elapsed}");
    }

    [Fact]
    public async Task Refused_items_are_counted_and_throttled_items_are_sent_once_more()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        var calls = 0;
        ingestion.Answer = request => Interlocked.Increment(ref calls) == 1
            ? new IngestionAnswer([new RefusedItem(0, 400, "Field 'name' on type 'AvailabilityData' is required"), new RefusedItem(1, 429, "throttled")])
            : IngestionAnswer.AcceptAll;
        await using var target = await TracedTarget.StartAsync();
        var logs = new RecordingLoggerProvider();
        var pipeline = Pipeline(ingestion.ConnectionString, logs);

        var result = await RunAsync(pipeline, target);

        Assert.Equal(new AvailabilityExportOutcome(2, 1, 1, 0, result.Availability!.Problem), result.Availability);
        Assert.Contains("400", result.Availability.Problem, StringComparison.Ordinal);
        Assert.Equal([2, 1], ingestion.Requests.Select(r => r.Items.Count));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("1 rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_503_is_retried_once_then_the_results_are_counted_as_not_delivered()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        ingestion.Answer = _ => IngestionAnswer.Fail(503);
        await using var target = await TracedTarget.StartAsync();
        var pipeline = Pipeline(ingestion.ConnectionString, new RecordingLoggerProvider());

        var result = await RunAsync(pipeline, target);

        Assert.Equal(2, ingestion.Requests.Count);
        Assert.Equal(new AvailabilityExportOutcome(2, 0, 0, 2, "ingestion answered 503 ServiceUnavailable"), result.Availability);
    }

    [Fact]
    public async Task Entra_authentication_sends_a_bearer_token_for_the_monitor_audience()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        var credential = new TestTokenCredential("entra-token-for-ingestion");
        var environment = new Dictionary<string, string>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString,
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = "ClientId=11111111-2222-3333-4444-555555555555;Authorization=AAD",
        };
        var pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, LoggerFactory.Create(_ => { }), environment.GetValueOrDefault,
            availabilityOptions: new AvailabilityExportOptions { Credential = credential });

        var first = await RunAsync(pipeline, target);
        var second = await RunAsync(pipeline, target);

        Assert.Equal(2, first.Availability!.Accepted);
        Assert.Equal(2, second.Availability!.Accepted);
        Assert.All(ingestion.Requests, r => Assert.Equal("Bearer entra-token-for-ingestion", r.Header("Authorization")));
        // Asked once: the token is kept until shortly before it expires.
        Assert.Equal(["https://monitor.azure.com//.default"], credential.Scopes);
    }

    [Fact]
    public async Task Under_an_ambient_activity_the_target_still_receives_the_checks_own_traceparent()
    {
        await using var ingestion = await IngestionServer.StartAsync();
        await using var target = await TracedTarget.StartAsync();
        using var listener = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test-host");
        using var invocation = source.StartActivity("Functions invocation");
        Assert.NotNull(Activity.Current);

        var result = await RunAsync(Pipeline(ingestion.ConnectionString, new RecordingLoggerProvider()), target);

        var item = ingestion.AvailabilityItems.Single(i => AvailabilityResultsTests.Data(i)["name"]!.GetValue<string>() == "staging/api-health");
        var operation = item["tags"]!["ai.operation.id"]!.GetValue<string>();
        Assert.NotEqual(invocation!.TraceId.ToHexString(), operation);
        Assert.All(target.TraceParents("/health"), tp => Assert.StartsWith($"00-{operation}-", tp, StringComparison.Ordinal));
        Assert.Equal(2, result.Availability!.Accepted);
    }

    private static DiagnosisPipeline Pipeline(string connectionString, RecordingLoggerProvider logs, TimeSpan? flush = null)
    {
        var environment = new Dictionary<string, string> { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString };
        var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        return new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, loggers, environment.GetValueOrDefault,
            availabilityOptions: new AvailabilityExportOptions { FlushTimeout = flush ?? Flush });
    }

    private static async Task<DiagnosisResult> RunAsync(DiagnosisPipeline pipeline, TracedTarget target)
    {
        var config = pipeline.LoadConfig(CliHarness.WriteConfig($$"""
            version: 1
            environments:
              staging:
                vars: { base: "{{target.Base}}" }
            checks:
              - name: api-health
                type: http
                url: ${base}/health
              - name: port
                type: tcp
                host: 127.0.0.1
                port: {{target.Server.Port}}
            """));
        var plan = pipeline.Plan(config, RunFilter.All);
        return await pipeline.RunAsync(plan, incidents: null, progress: null, CancellationToken.None);
    }
}
