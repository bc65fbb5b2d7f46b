using Serverless.Diag.Probes.Metrics.Exposition;
using Serverless.Diag.Probes.Metrics.Expressions;
using Serverless.Diag.TestKit;

namespace Serverless.Diag.Tests.Observability;

public class MetricEvaluatorTests
{
    private const string Before = """
        # TYPE http_requests_total counter
        http_requests_total{code="200",handler="/a"} 100
        http_requests_total{code="500",handler="/a"} 10
        http_requests_total{code="200",handler="/b"} 50
        """;

    private static ScrapeWindow Window(string before, string after, double seconds = 10) =>
        new(ExpositionParser.Parse(before), ExpositionParser.Parse(after), TimeSpan.FromSeconds(seconds));

    private static MetricValue Eval(string expression, ScrapeWindow window) =>
        MetricEvaluator.Evaluate(MetricExpressionParser.Parse(expression), window);

    [Fact]
    public void Sums_the_latest_scrape_with_label_matchers()
    {
        var window = new ScrapeWindow(null, ExpositionParser.Parse(Before), TimeSpan.Zero);

        Assert.Equal(160, Eval("sum(http_requests_total)", window).Value);
        Assert.Equal(10, Eval("sum(http_requests_total{code=~\"5..\"})", window).Value);
        Assert.Equal(150, Eval("sum(http_requests_total{code!~\"5..\"})", window).Value);
        Assert.Equal(110, Eval("http_requests_total{handler=\"/a\"}", window).Value);
        Assert.Equal(50, Eval("sum(http_requests_total{handler!=\"/a\"})", window).Value);
        Assert.Equal(3, Eval("count(http_requests_total)", window).Value);
        Assert.Equal(100, Eval("max(http_requests_total)", window).Value);
        Assert.Equal(10, Eval("min(http_requests_total)", window).Value);
        Assert.Equal(160d / 3, Eval("avg(http_requests_total)", window).Value, 9);
    }

    [Fact]
    public void Increase_rate_and_ratio_over_two_scrapes()
    {
        var window = Window(Before, """
            http_requests_total{code="200",handler="/a"} 140
            http_requests_total{code="500",handler="/a"} 20
            http_requests_total{code="200",handler="/b"} 50
            """);

        Assert.Equal(50, Eval("increase(http_requests_total)", window).Value);
        Assert.Equal(5, Eval("rate(http_requests_total)", window).Value);
        Assert.Equal(1, Eval("sum(rate(http_requests_total{code=\"500\"}))", window).Value);
        var ratio = Eval("ratio(increase(http_requests_total{code=~\"5..\"}), increase(http_requests_total))", window);
        Assert.Equal(0.2, ratio.Value, 12);
        Assert.Empty(ratio.Notes);
    }

    [Fact]
    public void A_counter_that_dropped_was_reset_and_counts_from_zero_as_promql_does()
    {
        var window = Window(Before, """
            http_requests_total{code="200",handler="/a"} 30
            http_requests_total{code="500",handler="/a"} 12
            http_requests_total{code="200",handler="/b"} 50
            """);

        var result = Eval("increase(http_requests_total)", window);

        Assert.Equal(30 + 2 + 0, result.Value);
        Assert.Contains(result.Notes, n => n.Contains("counter reset", StringComparison.Ordinal) && n.Contains("code=\"200\",handler=\"/a\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_series_born_between_the_scrapes_counts_from_zero()
    {
        var window = Window("# TYPE http_requests_total counter\nhttp_requests_total{code=\"200\"} 5", "http_requests_total{code=\"200\"} 5\nhttp_requests_total{code=\"503\"} 3");

        Assert.Equal(3, Eval("increase(http_requests_total{code=~\"5..\"})", window).Value);
        Assert.Equal(1, Eval("ratio(increase(http_requests_total{code=~\"5..\"}), increase(http_requests_total))", window).Value);
    }

    [Fact]
    public void A_ratio_without_traffic_is_zero_with_a_note()
    {
        var window = Window(Before, Before);

        var result = Eval("ratio(increase(http_requests_total{code=~\"5..\"}), increase(http_requests_total))", window);

        Assert.Equal(0, result.Value);
        Assert.Contains(MetricEvaluator.NoTraffic, result.Notes);
    }

    [Fact]
    public void A_metric_missing_from_the_scrape_is_unavailable_but_an_announced_empty_family_is_zero()
    {
        var window = new ScrapeWindow(null, ExpositionParser.Parse("# TYPE http_requests_total counter\nother 1"), TimeSpan.Zero);

        Assert.Equal(0, Eval("sum(http_requests_total)", window).Value);
        var error = Assert.Throws<MetricUnavailableException>(() => Eval("sum(htp_requests_total)", window));
        Assert.Contains("no metric named htp_requests_total", error.Message, StringComparison.Ordinal);
        Assert.Throws<MetricUnavailableException>(() => Eval("max(http_requests_total)", window));
    }

    [Fact]
    public void Rate_without_a_first_scrape_is_unavailable()
    {
        var window = new ScrapeWindow(null, ExpositionParser.Parse(Before), TimeSpan.Zero);

        Assert.Throws<MetricUnavailableException>(() => Eval("rate(http_requests_total)", window));
    }

    [Fact]
    public void Histogram_quantile_interpolates_inside_the_bucket_like_promql()
    {
        var document = ExpositionParser.Parse(ReferencePayloads.Read("Prometheus/Payloads/exposition-example.prometheus-docs.txt"));
        var window = new ScrapeWindow(null, document, TimeSpan.Zero);

        // Rank 0.5 * 144320 = 72160 falls in (0.1, 0.2]: 33444 below it, 100392 - 33444 inside it.
        Assert.Equal(0.1 + (0.1 * (72160 - 33444) / (100392 - 33444)), Eval("histogram_quantile(0.5, http_request_duration_seconds_bucket)", window).Value, 12);

        // Rank 0.99 * 144320 lands in the +Inf bucket: PromQL answers the highest finite bound.
        Assert.Equal(1, Eval("histogram_quantile(0.99, http_request_duration_seconds_bucket)", window).Value);

        // Rank 0.01 * 144320 = 1443.2 is inside the first bucket, which starts at 0.
        Assert.Equal(0.05 * 1443.2 / 24054, Eval("histogram_quantile(0.01, http_request_duration_seconds_bucket)", window).Value, 12);
    }

    [Fact]
    public void Histogram_quantile_over_the_window_uses_only_the_new_observations()
    {
        const string before = """
            # TYPE d histogram
            d_bucket{le="0.1"} 100
            d_bucket{le="1"} 100
            d_bucket{le="+Inf"} 100
            """;
        const string after = """
            # TYPE d histogram
            d_bucket{le="0.1"} 100
            d_bucket{le="1"} 110
            d_bucket{le="+Inf"} 110
            """;

        Assert.Equal(0.1 + (0.9 * 9.9 / 10), Eval("histogram_quantile(0.99, increase(d_bucket))", Window(before, after)).Value, 12);
        Assert.Equal(0.1 + (0.9 * (0.99 * 110 - 100) / 10), Eval("histogram_quantile(0.99, d_bucket)", Window(before, after)).Value, 12);
        var idle = Eval("histogram_quantile(0.99, increase(d_bucket))", Window(before, before));
        Assert.Equal(0, idle.Value);
        Assert.Contains(MetricEvaluator.NoTraffic, idle.Notes);
    }

    [Fact]
    public void Histogram_quantile_adds_the_buckets_of_every_matching_series()
    {
        var window = new ScrapeWindow(null, ExpositionParser.Parse("""
            # TYPE d histogram
            d_bucket{h="a",le="1"} 10
            d_bucket{h="a",le="+Inf"} 10
            d_bucket{h="b",le="1"} 0
            d_bucket{h="b",le="+Inf"} 10
            """), TimeSpan.Zero);

        // 20 observations, 10 of them <= 1: the median is the bound 1, p75 is in the +Inf bucket -> 1.
        Assert.Equal(1, Eval("histogram_quantile(0.5, d_bucket)", window).Value);
        Assert.Equal(0.5, Eval("histogram_quantile(0.5, d_bucket{h=\"a\"})", window).Value);
        Assert.Throws<MetricUnavailableException>(() => Eval("histogram_quantile(0.5, d_bucket{h=\"c\",le=\"1\"})", window));
    }
}
