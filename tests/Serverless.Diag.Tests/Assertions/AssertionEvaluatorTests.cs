using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Tests.Assertions;

public class AssertionEvaluatorTests
{
    public static TheoryData<object?, string, bool, string, string?> Cases => new()
    {
        // == and !=
        { 200, "status == 200", true, "200", null },
        { 500, "status == 200", false, "500", "status 500 is not 200" },
        { 200, "status != 500", true, "200", null },
        { 500, "status != 500", false, "500", "status 500 should not be 500" },
        { "allkeys-lru", "memory.policy == \"allkeys-lru\"", true, "\"allkeys-lru\"", null },
        { "Allkeys-LRU", "memory.policy == \"allkeys-lru\"", false, "\"Allkeys-LRU\"", "memory.policy \"Allkeys-LRU\" is not \"allkeys-lru\"" },
        { "noeviction", "memory.policy != \"allkeys-lru\"", true, "\"noeviction\"", null },
        { true, "json.ok == true", true, "true", null },
        { false, "json.ok == true", false, "false", "json.ok false is not true" },
        { "true", "headers.x-flag == true", true, "\"true\"", null },
        { null, "json.next == null", true, "null", null },
        { 0, "json.next == null", false, "0", "json.next 0 is not null" },
        { "abc", "json.id == 5", false, "\"abc\"", "json.id \"abc\" is not 5" },
        { "abc", "json.id != 5", true, "\"abc\"", null },
        { 2, "json.version == \"2\"", true, "2", null },

        // ordering, with units in the expectation's terms
        { 2350.0, "latency < 2s", false, "2350ms", "latency 2350ms is not < 2s" },
        { 1999.0, "latency < 2s", true, "1999ms", null },
        { 2000.0, "latency < 2s", false, "2000ms", "latency 2000ms is not < 2s" },
        { 2000.0, "latency <= 2s", true, "2000ms", null },
        { 12.25, "latency < 100ms", true, "12.3ms", null },
        { 90_000.0, "uptime > 1m", true, "1.5m", null },
        { 60_000.0, "uptime > 1m", false, "1m", "uptime 1m is not > 1m" },
        { 60_000.0, "uptime >= 1m", true, "1m", null },
        { 3_600_000.0, "uptime > 2h", false, "1h", "uptime 1h is not > 2h" },
        { 0.93, "connections.ratio < 80%", false, "93%", "connections.ratio 93% is not < 80%" },
        { 0.8, "connections.ratio <= 80%", true, "80%", null },
        { 0.7, "connections.ratio == 70%", true, "70%", null },
        { 13_107_200.0, "size < 10MB", false, "12.5MB", "size 12.5MB is not < 10MB" },
        { 1024.0, "size == 1KB", true, "1KB", null },
        { 512.0, "size >= 1KB", false, "512B", "size 512B is not >= 1KB" },
        { 3.5 * 1024 * 1024 * 1024, "memory.used < 4GB", true, "3.5GB", null },
        { 14.0, "cert.days_left >= 14", true, "14", null },
        { 13.0, "cert.days_left >= 14", false, "13", "cert.days_left 13 is not >= 14" },
        { -3.0, "json.delta > -5", true, "-3", null },

        // numeric text compares as a number
        { "42", "json.count > 40", true, "\"42\"", null },
        { "42", "json.count == 42", true, "\"42\"", null },
        { " 42.5 ", "json.count < 42", false, "\" 42.5 \"", "json.count \" 42.5 \" is not < 42" },

        // type mismatch is a failure with a reason, never an exception
        { "abc", "json.count < 5", false, "\"abc\"", "cannot compare json.count with < 5: it is text (\"abc\"), not a number" },
        { "NaN", "json.count < 5", false, "\"NaN\"", "cannot compare json.count with < 5: it is text (\"NaN\"), not a number" },
        { null, "json.count > 1", false, "null", "cannot compare json.count with > 1: it is null, not a number" },
        { true, "json.count >= 1", false, "true", "cannot compare json.count with >= 1: it is a boolean (true), not a number" },
        { List(1, 2), "json.count <= 1", false, "[1, 2]", "cannot compare json.count with <= 1: it is a list ([1, 2]), not a number" },

        // in and !in
        { 403, "status in [401, 403]", true, "403", null },
        { 200, "status in [401, 403]", false, "200", "status 200 is not in [401, 403]" },
        { 500, "status !in [500, 502]", false, "500", "status 500 is in [500, 502]" },
        { 200, "status !in [500, 502]", true, "200", null },
        { "b", "json.kind in [\"a\", \"b\"]", true, "\"b\"", null },
        { null, "json.kind in [\"a\", null]", true, "null", null },
        { "c", "json.kind in []", false, "\"c\"", "json.kind \"c\" is not in []" },
        { 1500.0, "latency in [1s, 2s]", false, "1500ms", "latency 1500ms is not in [1s, 2s]" },

        // contains and !contains
        { "hello ok world", "body contains \"ok\"", true, "\"hello ok world\"", null },
        { "hello", "body contains \"ok\"", false, "\"hello\"", "body \"hello\" does not contain \"ok\"" },
        { "HELLO OK", "body contains \"ok\"", false, "\"HELLO OK\"", "body \"HELLO OK\" does not contain \"ok\"" },
        { "error here", "body !contains \"error\"", false, "\"error here\"", "body \"error here\" contains \"error\"" },
        { "all good", "body !contains \"error\"", true, "\"all good\"", null },
        { "id 42 ok", "body contains 42", true, "\"id 42 ok\"", null },
        { List("a", "b"), "json.tags contains \"b\"", true, "[\"a\", \"b\"]", null },
        { List(1, 2), "json.ids contains 3", false, "[1, 2]", "json.ids [1, 2] does not contain 3" },
        { List(1, 2), "json.ids !contains 2", false, "[1, 2]", "json.ids [1, 2] contains 2" },
        { List("1", "2"), "json.ids contains 2", true, "[\"1\", \"2\"]", null },
        { 120, "latency contains \"1\"", false, "120", "cannot check whether latency contains \"1\": it is a number (120), not text or a list" },
        { null, "body !contains \"x\"", false, "null", "cannot check whether body !contains \"x\": it is null, not text or a list" },

        // matches, on the text form of the value
        { "OK ready", "body matches \"^OK\"", true, "\"OK ready\"", null },
        { "not ok", "body matches \"^OK\"", false, "\"not ok\"", "body \"not ok\" does not match \"^OK\"" },
        { 204, "status matches \"^2\\\\d\\\\d$\"", true, "204", null },
        { 404, "status matches \"^2\\\\d\\\\d$\"", false, "404", "status 404 does not match \"^2\\\\d\\\\d$\"" },
        { true, "json.ok matches \"^t\"", true, "true", null },
        { null, "body matches \"x\"", false, "null", "cannot match body against \"x\": it is null, not text" },

        // exists and !exists on a present value (null counts as present)
        { "nginx", "headers.server exists", true, "\"nginx\"", null },
        { null, "json.x exists", true, "null", null },
        { "nginx", "headers.server !exists", false, "\"nginx\"", "headers.server exists with value \"nginx\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_and_records_the_actual_value(object? measured, string text, bool passed, string actual, string? message)
    {
        var assertion = AssertionParserTests.Parse(text, AssertionLevel.Fail);
        var measurements = new Measurements();
        measurements.Set(assertion.Path, measured);

        var result = AssertionEvaluator.Evaluate(assertion, measurements);

        Assert.Equal(new AssertionResult(text, passed, actual, AssertionLevel.Fail, message), result);
    }

    [Fact]
    public void A_value_that_was_not_measured_fails_with_the_probes_reason()
    {
        var measurements = new Measurements();
        measurements.SetAbsent("json.status", "'json.status' was not measured: body is not JSON");

        var result = Evaluate("json.status == \"up\"", measurements);

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Equal("'json.status' was not measured: body is not JSON", result.Message);
    }

    [Theory]
    [InlineData("headers.server exists")]
    [InlineData("headers.server == \"nginx\"")]
    [InlineData("headers.server != \"nginx\"")]
    [InlineData("headers.server !contains \"x\"")]
    [InlineData("headers.server !in [\"x\"]")]
    public void Every_operator_but_not_exists_fails_on_an_unmeasured_path(string text)
    {
        var result = Evaluate(text, new Measurements());

        Assert.False(result.Passed);
        Assert.Null(result.Actual);
        Assert.Equal("'headers.server' was not measured", result.Message);
    }

    [Fact]
    public void Not_exists_passes_when_the_path_was_not_measured()
    {
        var result = Evaluate("headers.server !exists", new Measurements());

        Assert.True(result.Passed);
        Assert.Null(result.Actual);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Paths_reach_resolvers_in_canonical_form()
    {
        var asked = new List<string>();
        var measurements = new Measurements();
        measurements.AddResolver("json", path =>
        {
            asked.Add(path);
            return path switch
            {
                "json.items[0].id" => MeasurementLookup.Of(7),
                "json[\"odd key\"]" => MeasurementLookup.Of("yes"),
                _ => MeasurementLookup.Missing($"'{path}' is not in the body"),
            };
        });

        Assert.True(Evaluate("json.items[0].id == 7", measurements).Passed);
        Assert.True(Evaluate("json['odd key'] == \"yes\"", measurements).Passed);
        var missing = Evaluate("json.items[1].id exists", measurements);

        Assert.Equal(["json.items[0].id", "json[\"odd key\"]", "json.items[1].id"], asked);
        Assert.Equal("'json.items[1].id' is not in the body", missing.Message);
    }

    [Theory]
    [InlineData("json.n == 7", true, "7")]
    [InlineData("json.n < 5", false, "7")]
    [InlineData("json.t < 1s", true, "250ms")]
    [InlineData("json.l contains 2", true, "[1, 2]")]
    public void Values_a_resolver_returns_unnormalised_are_compared_as_measurements(string text, bool passed, string actual)
    {
        var measurements = new Measurements();
        measurements.AddResolver("json", path => path switch
        {
            "json.n" => MeasurementLookup.Of(7L),
            "json.t" => MeasurementLookup.Of(TimeSpan.FromMilliseconds(250)),
            "json.l" => MeasurementLookup.Of(new List<int> { 1, 2 }),
            _ => MeasurementLookup.Missing("no"),
        });

        var result = Evaluate(text, measurements);

        Assert.Equal(passed, result.Passed);
        Assert.Equal(actual, result.Actual);
    }

    [Fact]
    public void The_level_and_text_come_from_the_assertion()
    {
        var measurements = new Measurements();
        measurements.Set("latency", 2350.0);

        var result = Evaluate("warn: latency < 2s", measurements);

        Assert.Equal(new AssertionResult("latency < 2s", false, "2350ms", AssertionLevel.Warn, "latency 2350ms is not < 2s"), result);
    }

    [Fact]
    public void Long_text_is_cut_at_200_characters()
    {
        var measurements = new Measurements();
        measurements.Set("body", new string('a', 150) + new string('b', 350));

        var result = Evaluate("body contains \"zzz\"", measurements);

        var expected = "\"" + new string('a', 150) + new string('b', 50) + "\"…";
        Assert.Equal(expected, result.Actual);
        Assert.Equal($"body {expected} does not contain \"zzz\"", result.Message);
    }

    [Fact]
    public void Control_characters_in_text_are_escaped_so_the_actual_value_stays_on_one_line()
    {
        var measurements = new Measurements();
        measurements.Set("body", "line1\nline2\t\"q\"");

        var result = Evaluate("body == \"x\"", measurements);

        Assert.Equal("\"line1\\nline2\\t\\\"q\\\"\"", result.Actual);
    }

    [Fact]
    public void Assertions_built_without_a_value_fail_instead_of_throwing()
    {
        var measurements = new Measurements();
        measurements.Set("status", 200.0);

        var result = AssertionEvaluator.Evaluate(new Assertion("status ==", AssertionLevel.Fail, "status", AssertionOperator.Equal, null), measurements);

        Assert.False(result.Passed);
        Assert.Equal("'==' needs a value", result.Message);
    }

    [Fact]
    public void A_hostile_regular_expression_times_out_as_a_failure_instead_of_hanging()
    {
        var measurements = new Measurements();
        measurements.Set("body", new string('a', 5_000) + "!");
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = Evaluate("body matches \"^(a+)+$\"", measurements);

        Assert.False(result.Passed);
        Assert.Equal("regular expression \"^(a+)+$\" took longer than 1s on body; simplify it", result.Message);
        // Bounded, not timed: without the match timeout this pattern backtracks for longer than the universe exists.
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
    }

    private static AssertionResult Evaluate(string text, Measurements measurements) =>
        AssertionEvaluator.Evaluate(AssertionParserTests.Parse(text, AssertionLevel.Fail), measurements);

    private static List<object?> List(params object?[] items) => [.. items];
}
