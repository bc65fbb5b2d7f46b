using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Tests.History;

public class BaselineAssertionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("latency < 2x baseline", AssertionOperator.Less, 2.0, null, "2x baseline")]
    [InlineData("p95 < 1.3x baseline", AssertionOperator.Less, 1.3, null, "1.3x baseline")]
    [InlineData("error_rate < baseline + 1%", AssertionOperator.Less, 1.0, 0.01, "baseline + 1%")]
    [InlineData("latency <= 1.5x baseline - 10ms", AssertionOperator.LessOrEqual, 1.5, -10.0, "1.5x baseline - 10ms")]
    [InlineData("value > 0.5x baseline", AssertionOperator.Greater, 0.5, null, "0.5x baseline")]
    [InlineData("latency < baseline+50ms", AssertionOperator.Less, 1.0, 50.0, "baseline+50ms")]
    public void Parses_the_baseline_forms(string text, AssertionOperator op, double factor, double? offset, string written)
    {
        Assert.True(AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out var error), error?.Message);

        Assert.Equal(op, assertion.Operator);
        var baseline = Assert.IsType<BaselineValue>(assertion.Expected);
        Assert.Equal(factor, baseline.Factor, 9);
        Assert.Equal(offset, baseline.Offset?.Value);
        Assert.Equal(written, baseline.Written);
    }

    [Fact]
    public void A_path_that_starts_with_the_word_baseline_is_still_a_path()
    {
        Assert.True(AssertionParser.TryParse("json.used < json.baseline", AssertionLevel.Fail, out var a, out _));
        Assert.IsType<PathValue>(a.Expected);
        Assert.True(AssertionParser.TryParse("json.used < baseline.limit", AssertionLevel.Fail, out var b, out _));
        Assert.Equal("baseline.limit", Assert.IsType<PathValue>(b.Expected).Path);
    }

    [Theory]
    [InlineData("latency == 2x baseline", 11, "a baseline is a limit: compare with <, <=, > or >=, not '=='")]
    [InlineData("latency < 2x", 12, "expected 'baseline' after '2x' (e.g. '2x baseline'); 'x' makes a number a factor of the check's own history")]
    [InlineData("latency < 2x status", 13, "expected 'baseline' after '2x' (e.g. '2x baseline'); 'x' makes a number a factor of the check's own history")]
    [InlineData("latency < 0x baseline", 10, "the factor must be a positive number, not '0x'")]
    [InlineData("latency < -2x baseline", 10, "the factor must be a positive number, not '-2x'")]
    [InlineData("latency < baseline +", 20, "expected a number after '+', e.g. 'baseline + 1%' or 'baseline + 50ms'")]
    [InlineData("latency < baseline + status", 21, "expected a number after '+', e.g. 'baseline + 1%' or 'baseline + 50ms'")]
    [InlineData("len(json.items) < 2x baseline", 18, "len(...) has no history of its own: compare a measurement with its baseline, e.g. 'latency < 2x baseline'")]
    [InlineData("status in [2x, 3]", 11, "'2x' is a factor of the baseline: it cannot stand in a list")]
    [InlineData("latency < 2x baseline extra", 22, "trailing text after the value")]
    public void Refuses_bad_baseline_forms_at_their_position(string text, int offset, string message)
    {
        Assert.False(AssertionParser.TryParse(text, AssertionLevel.Fail, out _, out var error));

        Assert.Equal(new AssertionSyntaxError(offset, message), error);
    }

    [Fact]
    public void Fails_with_the_factor_and_the_baseline_it_was_measured_against()
    {
        var result = Evaluate("p95 < 1.3x baseline", "p95", 192, Figure("p95", 120, runs: 30));

        Assert.False(result.Passed);
        Assert.Equal("192ms", result.Actual);
        Assert.Equal("p95 192ms is 1.6x its 7-day median 120ms, not < 1.3x baseline", result.Message);
    }

    [Fact]
    public void Passes_and_shows_how_far_from_the_baseline_the_value_is()
    {
        var result = Evaluate("latency < 2x baseline", "latency", 150, Figure("latency", 120, runs: 30));

        Assert.True(result.Passed);
        Assert.True(result.Evaluated);
        Assert.Equal("150ms (1.25x its 7-day median 120ms)", result.Actual);
    }

    [Fact]
    public void An_offset_is_added_in_the_measurements_own_terms()
    {
        var result = Evaluate("error_rate < baseline + 1%", "error_rate", 0.032, Figure("error_rate", 0.015, runs: 30));

        Assert.False(result.Passed);
        Assert.Equal("error_rate 3.2% is not < baseline + 1%: its 7-day median 1.5% + 1% = 2.5%", result.Message);
        Assert.True(Evaluate("error_rate < baseline + 1%", "error_rate", 0.02, Figure("error_rate", 0.015, runs: 30)).Passed);
    }

    [Fact]
    public void Too_little_history_is_not_evaluated_and_says_how_much_there_is()
    {
        var result = Evaluate("latency < 2x baseline", "latency", 5000, Figure("latency", 100, runs: 4));

        Assert.True(result.Passed);
        Assert.False(result.Evaluated);
        Assert.Equal("no baseline yet: 4 of 10 runs", result.Message);
    }

    [Fact]
    public void Without_any_history_the_assertion_is_not_evaluated_and_names_the_ways_to_get_one()
    {
        var assertion = Parse("warn: latency < 1.5x baseline");
        var measurements = new Measurements();
        measurements.Set("latency", 9000.0);

        var result = AssertionEvaluator.Evaluate(assertion, measurements, secrets: null, baselines: null);

        Assert.True(result.Passed);
        Assert.False(result.Evaluated);
        Assert.Contains("--state or DIAG_STATE", result.Message, StringComparison.Ordinal);
        Assert.Contains("--baseline report.json", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alternative_that_holds_passes_even_when_the_baseline_is_missing()
    {
        var assertion = Parse("latency < 2x baseline or latency < 100ms");
        var measurements = new Measurements();
        measurements.Set("latency", 50.0);
        Assert.True(AssertionEvaluator.Evaluate(assertion, measurements, null, null) is { Passed: true, Evaluated: true });

        measurements.Set("latency", 500.0);
        var waiting = AssertionEvaluator.Evaluate(assertion, measurements, null, Baselines(Figure("latency", 100, runs: 2)));
        Assert.True(waiting is { Passed: true, Evaluated: false });
        Assert.Equal("no baseline yet: 2 of 10 runs", waiting.Message);
    }

    [Fact]
    public void The_median_ignores_outliers_that_a_mean_would_follow()
    {
        // 20 quiet runs around 100 ms and three stalls of 30 s: a mean would be ~4 s and let a 3 s regression through.
        var runs = Enumerable.Range(0, 20).Select(i => Run(Now.AddHours(-i - 1), CheckStatus.Pass, 95 + (i % 10)))
            .Concat([Run(Now.AddHours(-30), CheckStatus.Pass, 30_000), Run(Now.AddHours(-40), CheckStatus.Pass, 30_000), Run(Now.AddHours(-50), CheckStatus.Pass, 30_000)])
            .ToList();

        var baselines = BaselineStatistics.From(runs, ["latency"], BaselineSettings.Default, Now);
        var figure = baselines.Find("latency")!;

        Assert.Equal(23, figure.Runs);
        Assert.InRange(figure.Value!.Value, 95, 105);
        var result = Evaluate("latency < 2x baseline", "latency", 3000, figure);
        Assert.False(result.Passed);
        Assert.StartsWith("latency 3000ms is 30", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_passing_runs_inside_the_window_count()
    {
        var runs = new List<HistoryEntry>
        {
            Run(Now.AddDays(-1), CheckStatus.Pass, 100),
            Run(Now.AddDays(-2), CheckStatus.Pass, 110),
            Run(Now.AddDays(-3), CheckStatus.Fail, 9_000),             // a failing run is no baseline
            Run(Now.AddDays(-4), CheckStatus.Warn, 120),               // warned for another reason: counts
            Run(Now.AddDays(-5), CheckStatus.Warn, 5_000, "latency < 1.5x baseline"), // slow against the baseline: does not
            Run(Now.AddDays(-8), CheckStatus.Pass, 1),                 // outside the 7-day window
        };

        var figure = BaselineStatistics.From(runs, ["latency"], BaselineSettings.Default with { MinRuns = 3 }, Now).Find("latency")!;

        Assert.Equal(3, figure.Runs);
        Assert.Equal(110, figure.Value);
        Assert.True(figure.Ready);
    }

    [Theory]
    [InlineData(BaselineStatistic.Median, 50.5)]
    [InlineData(BaselineStatistic.P90, 90)]
    [InlineData(BaselineStatistic.P95, 95)]
    [InlineData(BaselineStatistic.P99, 99)]
    public void Statistics_over_one_to_a_hundred(BaselineStatistic statistic, double expected) =>
        Assert.Equal(expected, BaselineStatistics.Statistic([.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()], statistic));

    [Fact]
    public void A_p95_baseline_is_labelled_as_such()
    {
        var settings = new BaselineSettings(TimeSpan.FromHours(12), 5, BaselineStatistic.P95);
        Assert.Equal("12-hour p95", settings.Label);
        Assert.Equal("7-day median", BaselineSettings.Default.Label);
    }

    internal static HistoryEntry Run(DateTimeOffset time, CheckStatus status, double latency, params string[] failed) => new()
    {
        Environment = "default",
        Check = "api",
        Time = time,
        RunId = time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        Status = status,
        FailedAssertions = failed,
        Measurements = new Dictionary<string, double> { ["latency"] = latency },
    };

    private static BaselineFigure Figure(string path, double value, int runs) => new(path, value, runs, 10, "7-day median");

    private static CheckBaselines Baselines(params BaselineFigure[] figures) =>
        new(figures.ToDictionary(f => f.Path, StringComparer.Ordinal), "none");

    private static Assertion Parse(string text)
    {
        Assert.True(AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out var error), error?.Message);
        return assertion;
    }

    private static AssertionResult Evaluate(string text, string path, double value, BaselineFigure figure)
    {
        var measurements = new Measurements();
        measurements.Set(path, value);
        return AssertionEvaluator.Evaluate(Parse(text), measurements, secrets: null, Baselines(figure));
    }
}
