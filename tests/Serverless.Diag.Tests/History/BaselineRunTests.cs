using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.State.History;
using Serverless.Diag.Tests.State;

namespace Serverless.Diag.Tests.History;

/// <summary>Baselines through the real pipeline and a real local store: the history of earlier runs is the limit.</summary>
public sealed class BaselineRunTests : IDisposable
{
    private const string Yaml = """
        version: 1
        checks:
          - name: api
            type: scripted
            timeout: 1s
            baseline: { window: 7d, min_runs: 5 }
            expect:
              - status == 200
              - latency < 2x baseline
        """;

    private readonly MemoryHarness _harness = new();

    private double _latency = 100;

    public BaselineRunTests() =>
        _harness.Probes.On("api", (_, _) =>
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", 200.0);
            result.Measurements.Set("latency", _latency);
            return Task.FromResult(result);
        });

    [Fact]
    public async Task Waits_for_enough_runs_then_fails_a_regression_against_the_median()
    {
        for (var run = 0; run < 4; run++)
        {
            _latency = 100 + run;
            var early = await RunAsync();
            var assertion = early.Assertions[1];
            Assert.Equal(CheckStatus.Pass, early.Status);
            Assert.False(assertion.Evaluated);
            Assert.Equal($"no baseline yet: {run} of 5 runs", assertion.Message);
        }

        _latency = 104;
        Assert.Equal(CheckStatus.Pass, (await RunAsync()).Status); // the 5th run: still 4 earlier ones

        _latency = 5000; // a huge outlier would not move a median of 5 quiet runs much
        var regressed = await RunAsync();

        Assert.Equal(CheckStatus.Fail, regressed.Status);
        Assert.True(regressed.Assertions[1].Evaluated);
        Assert.Equal("latency 5000ms is 49x its 7-day median 102ms, not < 2x baseline", regressed.Assertions[1].Message);
        var figure = Assert.Single(regressed.Baselines);
        Assert.Equal((102.0, 5, 5), (figure.Value, figure.Runs, figure.MinRuns));

        // The failed run does not become part of the baseline.
        _latency = 150;
        var next = await RunAsync();
        Assert.Equal(CheckStatus.Pass, next.Status);
        Assert.Equal("150ms (1.47x its 7-day median 102ms)", next.Assertions[1].Actual);
    }

    [Fact]
    public async Task A_baseline_report_replaces_the_history_and_round_trips_through_the_json_report()
    {
        for (var run = 0; run < 6; run++)
        {
            _latency = 120;
            await RunAsync();
        }

        var withHistory = await RunFullAsync(options: null);
        var artifact = Path.Combine(_harness.Root, "main.json");
        await File.WriteAllTextAsync(artifact, JsonReportWriter.ToJson(withHistory));

        // A gate without a store, comparing with the main branch's report.
        _latency = 200;
        var gate = await RunFullAsync(new RunOptions { BaselineReport = ReportBaselines.Load(artifact) });
        var check = gate.Environments[0].Checks[0];

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.Equal("200ms (1.67x its 7-day median (from main.json) 120ms)", check.Assertions[1].Actual);

        _latency = 300;
        var failing = (await RunFullAsync(new RunOptions { BaselineReport = ReportBaselines.Load(artifact) })).Environments[0].Checks[0];
        Assert.Equal(CheckStatus.Fail, failing.Status);
        Assert.Equal("latency 300ms is 2.5x its 7-day median (from main.json) 120ms, not < 2x baseline", failing.Assertions[1].Message);
    }

    [Fact]
    public async Task A_report_without_baselines_lends_its_measured_value_when_the_check_passed_there()
    {
        var path = Path.Combine(_harness.Root, "plain.json");
        Directory.CreateDirectory(_harness.Root);
        await File.WriteAllTextAsync(path, """
            {"environments":[{"name":"default","checks":[
              {"name":"api","status":"pass","measurements":{"latency":80,"status":200}},
              {"name":"other","status":"fail","measurements":{"latency":80}}]}]}
            """);
        var report = ReportBaselines.Load(path);

        var api = report.For("default", "api", ["latency"]).Find("latency")!;
        Assert.Equal((80.0, true, "value in plain.json"), (api.Value, api.Ready, api.Label));
        Assert.Null(report.For("default", "other", ["latency"]).Find("latency"));
        Assert.Equal("no baseline: 'other' was fail in plain.json, which is no baseline to compare with", report.For("default", "other", ["latency"]).WhenMissing);
        Assert.Equal("no baseline: plain.json has no check 'api' in environment 'prod'", report.For("prod", "api", ["latency"]).WhenMissing);
    }

    [Theory]
    [InlineData("{\"environments\": [\n  {\"name\": \"default\",, }\n]}", 2, "the baseline report is not valid JSON")]
    [InlineData("{\"environments\": 5}", 1, "not a serverless-diag JSON report: 'environments' must be a list")]
    [InlineData("{\"environments\": [\n  {\"name\": \"default\", \"checks\": [{\"name\": \"api\", \"baselines\": {\"latency\": {\"runs\": 1.5}}}]}\n]}", 2, "not a serverless-diag JSON report: 'environments[0].checks[0].baselines.latency.runs' must be a whole number")]
    [InlineData("{\"checks\": []}", 1, "not a serverless-diag JSON report (no 'environments')")]
    [InlineData("", 1, "the baseline report is empty")]
    public async Task A_bad_report_is_refused_with_its_position(string content, int line, string message)
    {
        Directory.CreateDirectory(_harness.Root);
        var path = Path.Combine(_harness.Root, "bad.json");
        await File.WriteAllTextAsync(path, content);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => ReportBaselines.Load(path)).Errors);

        Assert.Equal(path, error.Mark.File);
        Assert.Equal(line, error.Mark.Line);
        Assert.True(error.Mark.Column >= 1);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-16")]
    public async Task A_report_saved_with_a_byte_order_mark_is_read(string encoding)
    {
        // PowerShell's redirection writes UTF-16 with a byte order mark; editors often add one to UTF-8.
        Directory.CreateDirectory(_harness.Root);
        var path = Path.Combine(_harness.Root, "bom.json");
        await File.WriteAllTextAsync(path, """{"environments":[{"name":"default","checks":[{"name":"api","status":"pass","measurements":{"latency":80}}]}]}""", System.Text.Encoding.GetEncoding(encoding));

        var api = ReportBaselines.Load(path).For("default", "api", ["latency"]).Find("latency")!;

        Assert.Equal(80.0, api.Value);
    }

    [Fact]
    public void A_missing_report_is_refused_naming_it()
    {
        var error = Assert.Single(Assert.Throws<ConfigException>(() => ReportBaselines.Load("/nonexistent/main.json")).Errors);
        Assert.StartsWith("cannot read the baseline report", error.Message, StringComparison.Ordinal);
        Assert.Equal("/nonexistent/main.json", error.Mark.File);
    }

    [Fact]
    public async Task Without_a_store_or_a_report_the_gate_runs_and_says_why_it_could_not_compare()
    {
        _latency = 99_000;
        var report = await RunFullAsync(RunOptions.Stateless);
        var check = report.Environments[0].Checks[0];

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.False(check.Assertions[1].Evaluated);
        Assert.StartsWith("no baseline: no history", check.Assertions[1].Message, StringComparison.Ordinal);
    }

    public void Dispose() => _harness.Dispose();

    private async Task<CheckReport> RunAsync()
    {
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        var report = await _harness.RunAsync(Yaml);
        return report.Environments[0].Checks[0];
    }

    private async Task<RunReport> RunFullAsync(RunOptions? options)
    {
        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        var pipeline = _harness.Pipeline();
        var plan = pipeline.Plan(_harness.Config(Yaml), RunFilter.All, stateConfigured: true);
        var result = await pipeline.RunAsync(plan, incidents: null, progress: null, options ?? new RunOptions { State = _harness.Store }, CancellationToken.None);
        return result.Report;
    }
}
