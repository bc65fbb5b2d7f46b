using Serverless.Diag.Probes.Metrics.Expressions;

namespace Serverless.Diag.Tests.Observability;

public class MetricExpressionParserTests
{
    [Fact]
    public void Parses_a_ratio_of_increases_with_regex_matchers()
    {
        var expression = MetricExpressionParser.Parse("ratio(increase(http_requests_total{code=~\"5..\"}), increase(http_requests_total))");

        var ratio = Assert.IsType<RatioExpression>(expression);
        var numerator = Assert.IsType<RangeExpression>(ratio.Numerator);
        Assert.Equal(RangeFunction.Increase, numerator.Function);
        Assert.Equal("http_requests_total", numerator.Selector.MetricName);
        var matcher = Assert.Single(numerator.Selector.Matchers);
        Assert.Equal(("code", MatchOperator.Matches, "5.."), (matcher.Label, matcher.Operator, matcher.Value));
        Assert.True(expression.NeedsWindow);
    }

    [Fact]
    public void Parses_every_matcher_and_quote_style()
    {
        var selector = Assert.IsType<VectorSelector>(MetricExpressionParser.Parse("up{a=\"1\", b!='2', c=~`x|y`, d!~\"z\\\\d\",}"));

        Assert.Equal(
            [("a", MatchOperator.Equal, "1"), ("b", MatchOperator.NotEqual, "2"), ("c", MatchOperator.Matches, "x|y"), ("d", MatchOperator.NotMatches, "z\\d")],
            selector.Matchers.Select(m => (m.Label, m.Operator, m.Value)));
        Assert.False(selector.NeedsWindow);
    }

    [Theory]
    [InlineData("code", "code")]
    [InlineData("status", "status")]
    public void The_status_pseudo_label_takes_the_configured_name(string statusLabel, string expected)
    {
        var aggregate = Assert.IsType<AggregateExpression>(MetricExpressionParser.Parse("sum(http_requests_total{$status=~\"5..\"})", statusLabel));

        Assert.Equal(expected, Assert.Single(Assert.IsType<VectorSelector>(aggregate.Vector).Matchers).Label);
    }

    [Fact]
    public void Parses_histogram_quantile_over_a_rate()
    {
        var quantile = Assert.IsType<QuantileExpression>(MetricExpressionParser.Parse("histogram_quantile(0.99, rate(latency_bucket{handler=\"/api\"}))"));

        Assert.Equal(0.99, quantile.Quantile);
        Assert.Equal(RangeFunction.Rate, Assert.IsType<RangeExpression>(quantile.Buckets).Function);
    }

    [Theory]
    [InlineData("", 0, "expected an expression")]
    [InlineData("sum(up", 6, "expected ')'")]
    [InlineData("summ(up)", 0, "unknown function 'summ'")]
    [InlineData("rate(sum(up))", 5, "expected a selector")]
    [InlineData("sum(ratio(a, b))", 4, "expected a selector, rate(...) or increase(...)")]
    [InlineData("rate(x[5m])", 6, "no range here")]
    [InlineData("up{code=5}", 8, "expected a quoted label value")]
    [InlineData("up{code==\"5\"}", 7, "expected =, !=, =~ or !~")]
    [InlineData("up{code=~\"(\"}", 9, "invalid regex")]
    [InlineData("up{code=\"5\"", 11, "not closed")]
    [InlineData("histogram_quantile(1.5, x)", 19, "between 0 and 1")]
    [InlineData("up{$state=\"1\"}", 3, "$status")]
    [InlineData("up extra", 3, "unexpected 'extra'")]
    [InlineData("{code=\"5\"}", 0, "needs a metric name")]
    [InlineData("up{a=\"\\d\"}", 6, "invalid escape")]
    public void Refuses_invalid_expressions_at_their_position(string text, int position, string message)
    {
        var error = Assert.Throws<MetricExpressionException>(() => MetricExpressionParser.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
    }
}
