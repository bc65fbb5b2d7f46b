using System.Globalization;
using System.Text.Json;
using Serverless.Diag.IntegrationTests.Cli;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.State;

/// <summary><c>serverless-diag history</c> over runs kept in a real state directory, in text and JSON.</summary>
public sealed class HistoryCommandTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("diag-history-").FullName;
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private static string Config(int port) => CliHarness.WriteConfig($$"""
        version: 1
        environments:
          prod: {}
        checks:
          - name: api
            type: tcp
            host: 127.0.0.1
            port: {{port}}
            timeout: 2s
          - name: db
            type: tcp
            host: 127.0.0.1
            port: {{port}}
            timeout: 2s
        """);

    /// <summary>Ten runs of api over the last ten minutes (two failures, latency on the passing ones) and one run three days ago.</summary>
    private async Task SeedAsync()
    {
        var statuses = "..F..E....";
        double[] latencies = [10, 20, 0, 40, 50, 0, 70, 80, 90, 100];
        var rows = new List<HistoryEntry>();
        for (var i = 0; i < statuses.Length; i++)
        {
            var status = statuses[i] switch { 'F' => CheckStatus.Fail, 'E' => CheckStatus.Error, _ => CheckStatus.Pass };
            rows.Add(new HistoryEntry
            {
                Environment = "prod",
                Check = "api",
                Time = _now.AddMinutes(i - 10),
                RunId = $"run{i:00}",
                Status = status,
                DurationMs = 5,
                ErrorCause = status == CheckStatus.Error ? "timeout" : null,
                FailedAssertions = status == CheckStatus.Fail ? ["status == 200"] : [],
                Measurements = status == CheckStatus.Pass ? new Dictionary<string, double> { ["latency"] = latencies[i] } : new Dictionary<string, double>(),
            });
        }

        rows.Add(rows[2] with { Time = _now.AddDays(-3), RunId = "old", ErrorCause = "dns", Status = CheckStatus.Error });
        var store = new LocalDirectoryStore(_state);
        await store.SaveAsync(new StateBatch("prod", [], rows, DateTimeOffset.MinValue), CancellationToken.None);
    }

    [Fact]
    public async Task Text_shows_per_check_the_timeline_uptime_latency_percentiles_and_the_last_failure_with_its_cause()
    {
        await SeedAsync();

        var outcome = await CliHarness.RunAsync(null, "history", "--config", Config(FreePort.Next()), "--env", "prod", "--since", "2d", "--state", _state);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var lines = outcome.Stdout.Split('\n');
        Assert.StartsWith("History of prod over the last 48h", lines[0], StringComparison.Ordinal);
        var api = Assert.Single(lines, l => l.StartsWith("api ", StringComparison.Ordinal));
        Assert.Contains("uptime 80% of 10 run(s)", api, StringComparison.Ordinal);
        Assert.Contains("p50 50ms p95 100ms", api, StringComparison.Ordinal);
        Assert.EndsWith("..F..E....", api.TrimEnd(), StringComparison.Ordinal);
        var failure = lines[Array.IndexOf(lines, api) + 1];
        Assert.Contains($"last failure {_now.AddMinutes(-5).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC (error): timeout", failure, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("db ", StringComparison.Ordinal) && l.Contains("no runs in this period", StringComparison.Ordinal));
        Assert.DoesNotContain("dns", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_carries_the_same_figures_for_one_check_and_the_failed_assertion_of_a_failing_run()
    {
        await SeedAsync();

        var all = await CliHarness.RunAsync(null, "history", "--config", Config(FreePort.Next()), "--env", "prod", "--since", "2d", "--format", "json", "--state", _state);
        var week = await CliHarness.RunAsync(null, "history", "--config", Config(FreePort.Next()), "--env", "prod", "--check", "api", "--format", "json", "--state", _state);

        Assert.True(all.ExitCode == 0, all.Stderr);
        using var document = JsonDocument.Parse(all.Stdout);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(["api", "db"], checks.Select(c => c.GetProperty("name").GetString()));
        var api = checks[0];
        Assert.Equal(10, api.GetProperty("runs").GetInt32());
        Assert.Equal("..F..E....", api.GetProperty("timeline").GetString());
        Assert.Equal(0.8, api.GetProperty("uptime").GetDouble(), 6);
        Assert.Equal(50, api.GetProperty("latencyP50Ms").GetDouble());
        Assert.Equal(100, api.GetProperty("latencyP95Ms").GetDouble());
        var last = api.GetProperty("lastFailure");
        Assert.Equal(("error", "timeout", "run05"), (last.GetProperty("status").GetString(), last.GetProperty("cause").GetString(), last.GetProperty("runId").GetString()));
        Assert.Equal(0, checks[1].GetProperty("runs").GetInt32());
        Assert.Equal(JsonValueKind.Null, checks[1].GetProperty("uptime").ValueKind);

        // Over seven days the run three days ago counts too; it is now the oldest point of the timeline.
        Assert.True(week.ExitCode == 0, week.Stderr);
        using var weekDocument = JsonDocument.Parse(week.Stdout);
        var weekApi = Assert.Single(weekDocument.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal(11, weekApi.GetProperty("runs").GetInt32());
        Assert.Equal("E..F..E....", weekApi.GetProperty("timeline").GetString());
    }

    [Fact]
    public async Task Runs_recorded_by_run_with_state_are_what_history_shows()
    {
        var config = Config(FreePort.Next());
        var environment = new Dictionary<string, string> { ["DIAG_STATE"] = _state };

        var first = await CliHarness.RunAsync(environment, "run", "--config", config, "--check", "api");
        var second = await CliHarness.RunAsync(environment, "run", "--config", config);
        var history = await CliHarness.RunAsync(environment, "history", "--config", config, "--format", "json");

        Assert.NotEqual(0, first.ExitCode);
        Assert.NotEqual(0, second.ExitCode);
        Assert.True(history.ExitCode == 0, history.Stderr);
        using var document = JsonDocument.Parse(history.Stdout);
        var checks = document.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("EE", checks["api"].GetProperty("timeline").GetString());
        Assert.Equal("E", checks["db"].GetProperty("timeline").GetString());
        Assert.Equal(0, checks["api"].GetProperty("uptime").GetDouble());
        Assert.Equal("refused", checks["api"].GetProperty("lastFailure").GetProperty("cause").GetString());
    }

    [Fact]
    public async Task Without_a_store_or_with_an_unknown_check_history_refuses_with_exit_2()
    {
        var config = Config(FreePort.Next());

        var noStore = await CliHarness.RunAsync(null, "history", "--config", config);
        var unknown = await CliHarness.RunAsync(null, "history", "--config", config, "--check", "apj", "--state", _state);

        Assert.Equal(2, noStore.ExitCode);
        Assert.Contains("DIAG_STATE", noStore.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("api", unknown.Stderr, StringComparison.Ordinal);
    }
}
