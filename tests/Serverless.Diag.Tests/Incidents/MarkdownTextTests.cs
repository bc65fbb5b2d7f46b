using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Tests.Incidents;

public sealed class MarkdownTextTests
{
    [Theory]
    [InlineData("plain", "```")]
    [InlineData("has ``` inside", "````")]
    [InlineData("has ````` five", "``````")]
    public void A_fence_is_longer_than_any_backtick_run_inside(string content, string fence)
    {
        var block = MarkdownText.Fence(content, "json");

        Assert.StartsWith(fence + "json\n", block, StringComparison.Ordinal);
        Assert.EndsWith("\n" + fence + "\n", block, StringComparison.Ordinal);
    }

    [Fact]
    public void The_language_hint_cannot_carry_markup()
    {
        Assert.StartsWith("```jsonscriptalert\n", MarkdownText.Fence("x", "json<script>alert"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a`b", "``a`b``")]
    [InlineData("`start", "`` `start ``")]
    [InlineData("multi\nline", "`multi line`")]
    public void Inline_code_survives_backticks_and_newlines(string text, string expected)
    {
        Assert.Equal(expected, MarkdownText.Code(text));
    }

    [Theory]
    [InlineData("ping @octocat now")]
    [InlineData("@org/team")]
    [InlineData("x@y-z")]
    public void Mentions_are_neutralised(string text)
    {
        var safe = MarkdownText.NeutraliseMentions(text);

        Assert.DoesNotMatch("@[A-Za-z0-9]", safe);
        Assert.Contains("@\u200B", safe, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_comments_from_targets_cannot_look_like_our_markers()
    {
        Assert.DoesNotContain("<!--", MarkdownText.NeutraliseMentions("<!-- serverless-diag:fingerprint a/b -->"), StringComparison.Ordinal);
    }

    [Fact]
    public void Prose_escapes_html()
    {
        Assert.Equal("&lt;img src=x&gt; @\u200Bbob", MarkdownText.Prose("<img src=x> @bob"));
    }

    [Fact]
    public void Truncation_says_how_much_was_cut_and_never_splits_a_surrogate_pair()
    {
        var text = new string('a', 9) + "😀" + "tail";

        var cut = MarkdownText.Truncate(text, 10);

        Assert.StartsWith(new string('a', 9) + "\n… (truncated: 6 more characters)", cut, StringComparison.Ordinal);
        Assert.Equal("short", MarkdownText.Truncate("short", 10));
    }
}
