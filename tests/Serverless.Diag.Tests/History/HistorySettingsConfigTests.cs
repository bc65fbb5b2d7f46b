using Serverless.Diag.Configuration;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.History;

public class HistorySettingsConfigTests
{
    [Theory]
    [InlineData("    baseline: { window: 7days }\n", "diag.yaml:5:25: 'baseline.window' must be a duration such as 500ms, 10s or 5m, not '7days'")]
    [InlineData("    baseline: { window: 10m }\n", "diag.yaml:5:25: 'baseline.window' must be from 1h to 366d, not '10m'")]
    [InlineData("    baseline: { min_runs: 0 }\n", "diag.yaml:5:27: 'baseline.min_runs' must be a whole number from 1 to 100000, not '0'")]
    [InlineData("    baseline: { statistic: mean }\n", "diag.yaml:5:28: 'baseline.statistic' must be one of median, p90, p95, p99, not 'mean'")]
    [InlineData("    baseline: { statistc: median }\n", "diag.yaml:5:17: unknown key 'statistc' in 'baseline' (did you mean 'statistic'?)")]
    [InlineData("    baseline: 7d\n", "diag.yaml:5:15: 'baseline' must be a mapping")]
    [InlineData("    trend: { horizon: soon }\n", "diag.yaml:5:23: 'trend.horizon' must be a duration such as 500ms, 10s or 5m, not 'soon'")]
    [InlineData("    trend: { window: 3d, measurements: [latency] }\n", "diag.yaml:5:41: 'trend.measurements' names 'latency', which no 'expect' line limits with a number")]
    [InlineData("    trend: { windw: 3d }\n", "diag.yaml:5:14: unknown key 'windw' in 'trend' (did you mean 'window'?)")]
    [InlineData("    baseline: { window: 60d }\n", "diag.yaml:5:25: 'baseline.window' (60d) is longer than the history kept ('state.retention', 30d)")]
    [InlineData("    expect: ['latency < 2x basline']\n", "diag.yaml:5:28: invalid assertion: expected 'baseline' after '2x'")]
    [InlineData("    expect: ['latency == baseline']\n", "diag.yaml:5:26: invalid assertion: a baseline is a limit: compare with <, <=, > or >=, not '=='")]
    public void Bad_history_settings_are_refused_at_their_position(string line, string expected)
    {
        var yaml = "version: 1\nchecks:\n  - name: a\n    type: scripted\n" + line + (line.Contains("expect", StringComparison.Ordinal) ? "" : "    expect: ['value < 80%']\n");

        var errors = TestConfigs.Errors(yaml).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_trend_needs_a_limit_to_forecast_against()
    {
        var yaml = "version: 1\nchecks:\n  - name: a\n    type: scripted\n    trend: { window: 3d }\n    expect: ['status == 200']\n";

        var error = Assert.Single(TestConfigs.Errors(yaml));

        Assert.StartsWith("diag.yaml:5:12: 'trend' needs an 'expect' line that limits a measurement with a number", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_give_every_check_a_baseline_setting_and_a_check_may_override_it()
    {
        var config = TestConfigs.Parse("""
            version: 1
            defaults:
              baseline: { window: 3d, min_runs: 20, statistic: p95 }
            state: { retention: 10d }
            checks:
              - name: a
                type: scripted
                expect: ['latency < 1.3x baseline']
              - name: b
                type: scripted
                baseline: { window: 1d }
                trend: { window: 2d, horizon: 12h }
                expect: ['value < 80%']
            """);

        var a = config.FindCheck("a")!;
        var b = config.FindCheck("b")!;
        Assert.Equal((TimeSpan.FromDays(3), 20, BaselineStatistic.P95), (a.Baseline.Window, a.Baseline.MinRuns, a.Baseline.Statistic));
        Assert.Equal((TimeSpan.FromDays(1), 10, BaselineStatistic.Median), (b.Baseline.Window, b.Baseline.MinRuns, b.Baseline.Statistic));
        Assert.Null(a.Trend);
        Assert.Equal((TimeSpan.FromDays(2), TimeSpan.FromHours(12)), (b.Trend!.Window, b.Trend.Horizon));
    }
}
