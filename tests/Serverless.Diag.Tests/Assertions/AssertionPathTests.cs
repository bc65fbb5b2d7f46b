using Serverless.Diag.Assertions;

namespace Serverless.Diag.Tests.Assertions;

public class AssertionPathTests
{
    public static TheoryData<string, string> Splits => new()
    {
        { "status", "status" },
        { "json.items[0].id", "json|items|[0]|id" },
        { "headers.content-type", "headers|content-type" },
        { "status.500", "status|500" },
        { "json[\"odd key\"]", "json|odd key" },
        { "json['a.b'][2]", "json|a.b|[2]" },
        { "json[\"say \\\"hi\\\"\"]", "json|say \"hi\"" },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Splits_a_path_into_names_and_indexes(string path, string expected)
    {
        Assert.True(AssertionPath.TryParse(path, out var segments));

        Assert.Equal(expected, string.Join("|", segments));
    }

    [Fact]
    public void Indexes_and_names_are_told_apart()
    {
        Assert.True(AssertionPath.TryParse("json.0[0]", out var segments));

        Assert.Equal([PathSegment.Named("json"), PathSegment.Named("0"), PathSegment.At(0)], segments);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0abc")]
    [InlineData("json.")]
    [InlineData("json[0")]
    [InlineData("json[x]")]
    [InlineData("json x")]
    [InlineData("json[\"a]")]
    public void Rejects_what_is_not_a_path(string path)
    {
        Assert.False(AssertionPath.TryParse(path, out var segments));
        Assert.Empty(segments);
    }

    [Fact]
    public void Quoted_keys_keep_their_quotes_in_the_canonical_path_so_they_round_trip()
    {
        var assertion = AssertionParserTests.Parse("json['say \"hi\"\\\\'] exists", AssertionLevel.Fail);

        Assert.Equal("json[\"say \\\"hi\\\"\\\\\"]", assertion.Path);
        Assert.True(AssertionPath.TryParse(assertion.Path, out var segments));
        Assert.Equal("say \"hi\"\\", segments[1].Name);
    }
}
