using System.Text;
using Serverless.Diag.Probes.Http;

namespace Serverless.Diag.Tests.Probes;

public class JsonPathResolverTests
{
    private const string Body = """{"status":"healthy","checks":{"db":{"latency_ms":12.5,"ok":true}},"items":[{"id":"a"},{"id":"b"}],"a.b":null}""";

    private static JsonPathResolver Over(string body) => new("json", Encoding.UTF8.GetBytes(body), unavailableReason: null);

    [Theory]
    [InlineData("json.status", "healthy")]
    [InlineData("json.checks.db.latency_ms", 12.5)]
    [InlineData("json.checks.db.ok", true)]
    [InlineData("json.items[0].id", "a")]
    [InlineData("json.items[-1].id", "b")]
    [InlineData("json[\"a.b\"]", null)]
    public void Walks_names_indexes_and_quoted_names(string path, object? expected)
    {
        var lookup = Over(Body).Resolve(path);

        Assert.True(lookup.Found, lookup.MissingReason);
        Assert.Equal(expected, lookup.Value);
    }

    [Theory]
    [InlineData("json.nope", "'json' has no property 'nope'")]
    [InlineData("json.status.x", "'json.status' is a string, not an object")]
    [InlineData("json.checks[0]", "'json.checks' is an object, not an array")]
    [InlineData("json.items[5].id", "'json.items' has 2 element(s), no [5]")]
    [InlineData("json.items[x]", "'json.items[x]' is not a JSON path under 'json'")]
    [InlineData("json.items[-9]", "'json.items' has 2 element(s), no [-9]")]
    public void A_path_that_does_not_fit_the_body_says_where_it_stopped(string path, string reason)
    {
        var lookup = Over(Body).Resolve(path);

        Assert.False(lookup.Found);
        Assert.Equal(reason, lookup.MissingReason);
    }

    [Theory]
    [InlineData("<html>down</html>")]
    [InlineData("""{"status":"healthy"} trailing""")]
    [InlineData("""{"status":""")]
    [InlineData("")]
    public void A_body_that_is_not_one_JSON_value_is_not_JSON(string body)
    {
        var lookup = Over(body).Resolve("json.status");

        Assert.False(lookup.Found);
        Assert.StartsWith("body is not JSON: ", lookup.MissingReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_was_not_read_gives_the_reason()
    {
        var lookup = new JsonPathResolver("json", body: null, "the body is larger than max_body (64 KB); reading stopped there").Resolve("json.status");

        Assert.Equal("the body is larger than max_body (64 KB); reading stopped there", lookup.MissingReason);
    }
}
