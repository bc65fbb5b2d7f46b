using Serverless.Diag.Assertions;

namespace Serverless.Diag.Tests.Assertions;

public class AssertionParserTests
{
    private const double KB = 1024;
    private const double MB = 1024 * 1024;
    private const double GB = 1024 * 1024 * 1024;

    public static TheoryData<string, string, AssertionOperator, AssertionValue?> Valid => new()
    {
        // every operator
        { "status == 200", "status", AssertionOperator.Equal, Num(200, "200") },
        { "status != 500", "status", AssertionOperator.NotEqual, Num(500, "500") },
        { "latency < 2s", "latency", AssertionOperator.Less, Ms(2_000, "2s") },
        { "latency <= 1500ms", "latency", AssertionOperator.LessOrEqual, Ms(1_500, "1500ms") },
        { "cert.days_left > 14", "cert.days_left", AssertionOperator.Greater, Num(14, "14") },
        { "cert.days_left >= 30", "cert.days_left", AssertionOperator.GreaterOrEqual, Num(30, "30") },
        { "status in [401, 403]", "status", AssertionOperator.In, List(Num(401, "401"), Num(403, "403")) },
        { "status !in [500,502]", "status", AssertionOperator.NotIn, List(Num(500, "500"), Num(502, "502")) },
        { "body contains \"ok\"", "body", AssertionOperator.Contains, new StringValue("ok") },
        { "body !contains 'error'", "body", AssertionOperator.NotContains, new StringValue("error") },
        { "body matches \"^OK\"", "body", AssertionOperator.Matches, new StringValue("^OK") },
        { "json.items[0].id exists", "json.items[0].id", AssertionOperator.Exists, null },
        { "headers.server !exists", "headers.server", AssertionOperator.NotExists, null },

        // every unit, normalised to ms, bytes and ratios
        { "latency < 250ms", "latency", AssertionOperator.Less, Ms(250, "250ms") },
        { "latency < 1.5s", "latency", AssertionOperator.Less, Ms(1_500, "1.5s") },
        { "uptime > 2m", "uptime", AssertionOperator.Greater, Ms(120_000, "2m") },
        { "uptime > 3h", "uptime", AssertionOperator.Greater, Ms(10_800_000, "3h") },
        { "uptime > 2d", "uptime", AssertionOperator.Greater, Ms(172_800_000, "2d") },
        { "size > 512B", "size", AssertionOperator.Greater, Bytes(512, "512B") },
        { "size <= 1KB", "size", AssertionOperator.LessOrEqual, Bytes(KB, "1KB") },
        { "size < 12.5MB", "size", AssertionOperator.Less, Bytes(12.5 * MB, "12.5MB") },
        { "memory.used < 2GB", "memory.used", AssertionOperator.Less, Bytes(2 * GB, "2GB") },
        { "connections.ratio < 80%", "connections.ratio", AssertionOperator.Less, new NumberValue(0.8, NumberUnit.Percent, "80%") },

        // number forms
        { "json.delta > -5", "json.delta", AssertionOperator.Greater, Num(-5, "-5") },
        { "json.tiny < 1e-3", "json.tiny", AssertionOperator.Less, Num(0.001, "1e-3") },
        { "json.half == .5", "json.half", AssertionOperator.Equal, Num(0.5, ".5") },

        // other value kinds
        { "json.ok == true", "json.ok", AssertionOperator.Equal, new BoolValue(true) },
        { "json.ok != false", "json.ok", AssertionOperator.NotEqual, new BoolValue(false) },
        { "json.next == null", "json.next", AssertionOperator.Equal, NullValue.Instance },
        { "memory.policy == \"allkeys-lru\"", "memory.policy", AssertionOperator.Equal, new StringValue("allkeys-lru") },
        { "body contains \"a\\\"b\\\\c\\nd\"", "body", AssertionOperator.Contains, new StringValue("a\"b\\c\nd") },
        { "body contains 'it\\'s \"fine\"'", "body", AssertionOperator.Contains, new StringValue("it's \"fine\"") },
        { "body contains \"\"", "body", AssertionOperator.Contains, new StringValue("") },
        { "json.kind in [\"a\", 'b', null, true]", "json.kind", AssertionOperator.In, List(new StringValue("a"), new StringValue("b"), NullValue.Instance, new BoolValue(true)) },
        { "json.kind in []", "json.kind", AssertionOperator.In, List() },
        { "json.tags contains 3", "json.tags", AssertionOperator.Contains, Num(3, "3") },

        // path forms
        { "headers.content-type contains \"json\"", "headers.content-type", AssertionOperator.Contains, new StringValue("json") },
        { "status.500 == 0", "status.500", AssertionOperator.Equal, Num(0, "0") },
        { "json[\"odd key\"] == 1", "json[\"odd key\"]", AssertionOperator.Equal, Num(1, "1") },
        { "json['odd key'].x == 1", "json[\"odd key\"].x", AssertionOperator.Equal, Num(1, "1") },
        { "json.a_b[2][10] == 1", "json.a_b[2][10]", AssertionOperator.Equal, Num(1, "1") },
        { "_meta.x exists", "_meta.x", AssertionOperator.Exists, null },

        // spacing
        { "status==200", "status", AssertionOperator.Equal, Num(200, "200") },
        { "latency<2s", "latency", AssertionOperator.Less, Ms(2_000, "2s") },
        { "status!in[500]", "status", AssertionOperator.NotIn, List(Num(500, "500")) },
        { "  status   ==   200  ", "status", AssertionOperator.Equal, Num(200, "200") },
        { "\tstatus == 200", "status", AssertionOperator.Equal, Num(200, "200") },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Parses_path_operator_and_value(string text, string path, AssertionOperator op, AssertionValue? expected)
    {
        var assertion = Parse(text, AssertionLevel.Fail);

        Assert.Equal(path, assertion.Path);
        Assert.Equal(op, assertion.Operator);
        Assert.Equal(expected, assertion.Expected);
        Assert.Equal(AssertionLevel.Fail, assertion.Level);
        Assert.Equal(text.Trim(), assertion.Text);
    }

    [Theory]
    [InlineData("warn: latency < 2s", AssertionLevel.Fail, AssertionLevel.Warn, "latency < 2s")]
    [InlineData("warn:latency<2s", AssertionLevel.Fail, AssertionLevel.Warn, "latency<2s")]
    [InlineData("  warn:   status == 200 ", AssertionLevel.Fail, AssertionLevel.Warn, "status == 200")]
    [InlineData("latency < 2s", AssertionLevel.Fail, AssertionLevel.Fail, "latency < 2s")]
    [InlineData("latency < 2s", AssertionLevel.Warn, AssertionLevel.Warn, "latency < 2s")]
    [InlineData("warning == 1", AssertionLevel.Fail, AssertionLevel.Fail, "warning == 1")]
    [InlineData("fail: latency < 2s", AssertionLevel.Warn, AssertionLevel.Fail, "latency < 2s")]
    public void Warn_prefix_sets_the_level_and_is_not_part_of_the_text(string text, AssertionLevel defaultLevel, AssertionLevel level, string shown)
    {
        var assertion = Parse(text, defaultLevel);

        Assert.Equal(level, assertion.Level);
        Assert.Equal(shown, assertion.Text);
    }

    [Theory]
    [InlineData("status == 200", 0)]
    [InlineData("  status == 200", 2)]
    [InlineData("warn: json['a'] exists", 6)]
    [InlineData(" fail:status == 1", 6)]
    public void Records_where_the_path_starts(string text, int offset)
    {
        Assert.Equal(offset, Parse(text, AssertionLevel.Fail).PathOffset);
    }

    [Fact]
    public void Numbers_with_units_keep_how_they_were_written()
    {
        var value = Assert.IsType<NumberValue>(Parse("latency < 1.5s", AssertionLevel.Fail).Expected);

        Assert.Equal("1.5s", value.Display);
        Assert.Equal(NumberUnit.Duration, value.Unit);
    }

    [Fact]
    public void Lists_with_the_same_items_are_equal()
    {
        Assert.Equal(List(Num(1, "1"), new StringValue("a")), List(Num(1, "1"), new StringValue("a")));
        Assert.NotEqual(List(Num(1, "1")), List(Num(2, "2")));
        Assert.Equal(List(Num(1, "1")).GetHashCode(), List(Num(1, "1")).GetHashCode());
    }

    internal static Assertion Parse(string text, AssertionLevel level)
    {
        var ok = AssertionParser.TryParse(text, level, out var assertion, out var error);
        Assert.True(ok, $"'{text}' did not parse: {error}");
        return assertion!;
    }

    private static NumberValue Num(double value, string written) => new(value, NumberUnit.None, written);

    private static NumberValue Ms(double value, string written) => new(value, NumberUnit.Duration, written);

    private static NumberValue Bytes(double value, string written) => new(value, NumberUnit.Size, written);

    private static ListValue List(params AssertionValue[] items) => new(items);
}
