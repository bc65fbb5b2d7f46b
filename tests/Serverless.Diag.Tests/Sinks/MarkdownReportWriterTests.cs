using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Tests.Sinks;

public class MarkdownReportWriterTests
{
    [Fact]
    public void Summarises_every_check_and_details_only_the_problems()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(ReportFixtures.Failing());

        Assert.Contains("4 checks: 1 pass, 0 warn, 1 fail, 1 error, 1 skipped", markdown, StringComparison.Ordinal);
        Assert.Contains("| orders | http | P1 | ❌ fail |", markdown, StringComparison.Ordinal);
        Assert.Contains("status == 200 failed (actual 500)", markdown, StringComparison.Ordinal);
        Assert.Contains("**Error (refused):** connection refused", markdown, StringComparison.Ordinal);
        Assert.Contains("- Check the service logs for the stack trace.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("#### ✅", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_full_of_backticks_cannot_close_its_fence()
    {
        var markdown = MarkdownReportWriter.ToMarkdown(ReportFixtures.Failing("before\n`````\n# injected heading\n"));

        Assert.Contains("``````text\nbefore\n`````\n# injected heading\n``````", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ping @octocat now", "ping @\u200Boctocat now")]
    [InlineData("a | b\nc", "a \\| b c")]
    public void Inline_text_neutralises_mentions_pipes_and_newlines(string input, string expected)
    {
        Assert.Equal(expected, MarkdownText.Inline(input));
    }

    [Fact]
    public void Long_text_is_truncated_with_a_count()
    {
        var fenced = MarkdownText.Fence(new string('x', 5000), maxLength: 100);

        Assert.Contains("… (truncated: 4,900 more characters)", fenced, StringComparison.Ordinal);
        Assert.True(fenced.Length < 200);
    }
}
