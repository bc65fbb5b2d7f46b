using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.History;
using Serverless.Diag.Tests.TestDoubles;
using static Serverless.Diag.Tests.State.History.Timelines;

namespace Serverless.Diag.Tests.State.History;

public class AvailabilityReportsTests
{
    private const string Yaml = """
        version: 1
        maintenance:
          - name: nightly
            cron: "0 1 * * *"
            duration: 30m
            checks: [api]
        environments:
          prod: {}
        checks:
          - name: api
            type: scripted
            interval: 5m
          - name: db
            type: scripted
          - name: trace-db
            type: scripted
            schedule: on_failure
        """;

    [Fact]
    public void A_configured_maintenance_window_covers_only_its_checks_and_the_figures_follow_from_the_timeline()
    {
        var config = TestConfigs.Parse(Yaml);
        var runs = HistoryQueries.ByCheck(
        [
            .. OutageAcrossRestartRuns("api"),
            .. OutageAcrossRestartRuns("db"),
        ]);

        var environment = AvailabilityReports.ForEnvironment(config, "prod", runs, At("00:00"), At("06:00"));

        Assert.Equal(["api", "db"], environment.Checks.Select(c => c.Check));
        var api = environment.Checks[0];
        var db = environment.Checks[1];

        // api: the nightly window (01:00-01:30) is left out; db has no window.
        Assert.Equal(305.0 / 330.0, api.Availability!.Value, 9);
        Assert.Equal(310.0 / 360.0, db.Availability!.Value, 9);
        Assert.Equal(TimeSpan.FromMinutes(25), api.Mttr);
        Assert.Equal(TimeSpan.FromMinutes(50), db.Longest!.Downtime);
        Assert.Equal(TimeSpan.FromMinutes(5), db.ExpectedInterval);
        Assert.Equal("pass", db.CurrentStatus);
        Assert.Single(db.Outages);
    }

    [Fact]
    public void Latency_percentiles_are_nearest_rank_over_the_period_and_a_stale_check_is_currently_unknown()
    {
        var config = TestConfigs.Parse(Yaml);
        var latencies = new[] { 100.0, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 5000, 120, 130, 140, 150, 160, 170, 180, 190, 210 };
        var rows = latencies.Select((ms, i) => Run($"00:{i * 2:00}", CheckStatus.Pass, ms, "db")).ToList();

        var db = AvailabilityReports.ForCheck(config, "prod", config.FindCheck("db")!, rows, At("00:00"), At("06:00"));

        // 20 values sorted: ..., rank 10 = 200 (p50), rank 19 = 1000 (p95).
        Assert.Equal(200, db.LatencyP50Ms);
        Assert.Equal(1000, db.LatencyP95Ms);
        Assert.Equal("unknown", db.CurrentStatus);
        Assert.Null(db.Mttr);
    }

    private static IEnumerable<HistoryEntry> OutageAcrossRestartRuns(string check) =>
    [
        .. Every(5, "00:00", "01:00", CheckStatus.Pass, check),
        Run("01:05", CheckStatus.Fail, check: check),
        Run("01:10", CheckStatus.Fail, check: check),
        Run("01:50", CheckStatus.Fail, check: check),
        .. Every(5, "01:55", "05:55", CheckStatus.Pass, check),
    ];
}
