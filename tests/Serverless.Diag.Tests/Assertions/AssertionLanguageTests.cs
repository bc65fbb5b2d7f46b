using System.Text;
using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Http;

namespace Serverless.Diag.Tests.Assertions;

/// <summary>
/// The language end to end: the parser's canonical paths through the http probe's real JSON and header resolvers,
/// negative indexes, odd keys, large numbers, len(), or, !matches and a path on the right.
/// </summary>
public class AssertionLanguageTests
{
    private const string Body = """
        {
          "items": [1, 2, 3],
          "a]b": 1, "c[d": 2, "e\"f": 3, "g\\h": 4, "x.y": 5, "]": 6, "[\"]": 7,
          "nested": { "k]": { "v": "deep" } },
          "id": 12345678901234567890,
          "big": 1e15,
          "huge": 1e400,
          "bytes": 1234567890123456,
          "name": "héllo 👍",
          "obj": { "a": 1, "b": 2 },
          "empty": {},
          "used": 950, "limit": 900, "count": 3,
          "n": 5
        }
        """;

    public static TheoryData<string, bool, string?> Cases => new()
    {
        // [-1] counts from the end
        { "json.items[-1] == 3", true, "3" },
        { "json.items[-3] == 1", true, "1" },
        { "json.items[-4] exists", false, null },
        // bracketed keys holding ] [ " \ and .
        { "json[\"a]b\"] == 1", true, "1" },
        { "json[\"c[d\"] == 2", true, "2" },
        { "json[\"e\\\"f\"] == 3", true, "3" },
        { "json['e\"f'] == 3", true, "3" },
        { "json[\"g\\\\h\"] == 4", true, "4" },
        { "json[\"x.y\"] == 5", true, "5" },
        { "json[\"]\"] == 6", true, "6" },
        { "json[\"[\\\"]\"] == 7", true, "7" },
        { "json.nested[\"k]\"].v == \"deep\"", true, "\"deep\"" },
        // numbers from 1e15 on, digit for digit
        { "json.id == 12345678901234567890", true, "12345678901234567890" },
        { "json.id == 12345678901234567891", false, "12345678901234567890" },
        { "json.id > 12345678901234567889", true, "12345678901234567890" },
        { "json.id < 12345678901234567891", true, "12345678901234567890" },
        { "json.big == 1000000000000000", true, "1e15" },
        { "json.bytes == 1234567890123456", true, "1234567890123456" },
        { "json.huge exists", true, "1e400" },
        // !matches
        { "json.name !matches \"^x\"", true, "\"héllo 👍\"" },
        { "json.name !matches \"^h\"", false, "\"héllo 👍\"" },
        // len(): items, properties, characters
        { "len(json.items) >= 3", true, "3" },
        { "len(json.items) > 3", false, "3" },
        { "len(json.obj) == 2", true, "2" },
        { "len(json.empty) == 0", true, "0" },
        { "len(json.name) == 7", true, "7" },
        { "len(json.items) in [3, 4]", true, "3" },
        { "len(json.n) == 1", false, "5" },
        // or
        { "json.n == 4 or json.n == 5", true, "5" },
        { "json.n == 4 or json.n == 6", false, "5" },
        { "json.missing exists or json.n == 5", true, "5" },
        // a path on the right
        { "json.used <= json.limit", false, "950" },
        { "json.limit <= json.used", true, "900" },
        { "len(json.items) == json.count", true, "3" },
        { "json.count == len(json.items)", true, "3" },
        { "json.used <= json.nothing", false, "950" },
        { "json.items contains json.count", true, "[1, 2, 3]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluates_over_a_real_body(string text, bool passed, string? actual)
    {
        var result = Evaluate(text);

        Assert.True(passed == result.Passed, $"{text}: {result.Message}");
        Assert.Equal(actual, result.Actual);
    }

    [Theory]
    [InlineData("json.items[-4] exists", "'json.items' has 3 element(s), no [-4]")]
    [InlineData("len(json.n) == 1", "len() needs a list, an object or text; json.n is a number (5)")]
    [InlineData("json.n == 4 or json.n == 6", "none of the alternatives holds: json.n 5 is not 4; json.n 5 is not 6")]
    [InlineData("json.used <= json.limit", "json.used 950 is not <= json.limit (900)")]
    [InlineData("json.used <= json.nothing", "'json' has no property 'nothing'")]
    [InlineData("json.name !matches \"^h\"", "json.name \"héllo 👍\" matches \"^h\"")]
    [InlineData("json.nested[\"k]\"].w exists", "'json.nested[\"k]\"]' has no property 'w'")]
    public void Says_why_it_failed(string text, string message) => Assert.Equal(message, Evaluate(text).Message);

    [Fact]
    public void Alternatives_over_different_paths_show_each_actual_value()
    {
        var result = Evaluate("json.n == 4 or json.used < 900");

        Assert.False(result.Passed);
        Assert.Equal("json.n: 5, json.used: 950", result.Actual);
        Assert.Equal("json.n == 4 or json.used < 900", result.Expression);
    }

    [Fact]
    public void A_number_beyond_a_double_is_shown_as_written_and_never_throws()
    {
        var result = Evaluate("json.huge < 5");

        Assert.False(result.Passed);
        Assert.Equal("1e400", result.Actual);
    }

    [Theory]
    [InlineData("json.a == json.b")]
    [InlineData("json.b == \"x\" or json.obj == \"y\"")]
    [InlineData("len(json.b) == json.obj")]
    public void A_planted_secret_is_masked_on_both_sides_and_in_every_alternative(string text)
    {
        const string secret = "tok_PlantedSecret_4242";
        var measurements = new Measurements();
        var body = $$"""{ "a": "other", "b": "Bearer {{secret}}", "obj": { "k": "{{secret}}" } }""";
        measurements.AddResolver("json", new JsonPathResolver("json", Encoding.UTF8.GetBytes(body), null).Resolve);
        var secrets = new Serverless.Diag.Secrets.SecretRedactor();
        secrets.Add(secret);
        Assert.True(AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out _));

        var result = AssertionEvaluator.Evaluate(assertion, measurements, secrets);

        Assert.False(result.Passed);
        Assert.DoesNotContain("PlantedSecret", result.Actual + result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_json_fails_the_json_assertions_with_the_parsers_reason()
    {
        var measurements = new Measurements();
        measurements.AddResolver("json", new JsonPathResolver("json", Encoding.UTF8.GetBytes("<html>oops</html>"), null).Resolve);

        var result = Evaluate("len(json.items) >= 1 or json.ok == true", measurements);

        Assert.False(result.Passed);
        Assert.StartsWith("none of the alternatives holds: body is not JSON: ", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("headers[\"x-odd.name\"] == \"v\"", true)]
    [InlineData("headers.x-odd.name == \"v\"", true)]
    [InlineData("headers[\"X-Request-Id\"] == \"42\"", true)]
    [InlineData("headers[\"missing\"] exists", false)]
    public void Bracketed_header_names_match_at_run_time(string text, bool passed)
    {
        var measurements = new Measurements();
        measurements.AddResolver("headers", new HeaderResolver([new("X-Odd.Name", "v"), new("x-request-id", "42")]).Resolve);

        Assert.Equal(passed, Evaluate(text, measurements).Passed);
    }

    [Fact]
    public void The_parser_keeps_both_sides_and_every_alternative_with_their_positions()
    {
        Assert.True(AssertionParser.TryParse("warn: len(json.items) >= json.min or json.items[-1] !matches \"x\"", AssertionLevel.Fail, out var assertion, out _));

        Assert.Equal(AssertionLevel.Warn, assertion.Level);
        Assert.Equal("len(json.items) >= json.min or json.items[-1] !matches \"x\"", assertion.Text);
        Assert.True(assertion.Length);
        Assert.Equal(new PathValue("json.min", false, 25), assertion.Expected);
        var alternative = Assert.Single(assertion.Alternatives);
        Assert.Equal(("json.items[-1]", AssertionOperator.NotMatches), (alternative.Path, alternative.Operator));
        Assert.Equal([("json.items", 10), ("json.min", 25), ("json.items[-1]", 37)], assertion.Operands);
    }

    private static AssertionResult Evaluate(string text, Measurements? measurements = null)
    {
        if (measurements is null)
        {
            measurements = new Measurements();
            measurements.AddResolver("json", new JsonPathResolver("json", Encoding.UTF8.GetBytes(Body), null).Resolve);
        }

        Assert.True(AssertionParser.TryParse(text, AssertionLevel.Fail, out var assertion, out var error), error?.Message);
        return AssertionEvaluator.Evaluate(assertion, measurements);
    }
}
