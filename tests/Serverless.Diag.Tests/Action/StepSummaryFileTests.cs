using System.Text;
using Serverless.Diag.Cli.GitHubActions.Runner;

namespace Serverless.Diag.Tests.Action;

public sealed class StepSummaryFileTests
{
    private const string Note = "Truncated: the full report is report.json.";

    [Fact]
    public void A_summary_that_fits_is_written_whole()
    {
        var (text, truncated) = StepSummaryFile.Fit("# Title\n\nbody", Note, 1000);

        Assert.False(truncated);
        Assert.Equal("# Title\n\nbody\n", text);
    }

    [Fact]
    public void A_summary_too_large_is_cut_at_a_line_under_the_budget_with_the_note()
    {
        var markdown = string.Concat(Enumerable.Range(0, 1000).Select(i => $"| check-{i} | fail | ünïcödé ✓ |\n"));

        var (text, truncated) = StepSummaryFile.Fit(markdown, Note, 4096);

        Assert.True(truncated);
        Assert.True(Encoding.UTF8.GetByteCount(text) <= 4096);
        Assert.EndsWith($"> {Note}\n", text, StringComparison.Ordinal);
        var kept = text[..text.IndexOf("\n> [!WARNING]", StringComparison.Ordinal)];
        Assert.StartsWith(kept, markdown, StringComparison.Ordinal);
        Assert.EndsWith("|\n", kept, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_fence_left_open_by_the_cut_is_closed()
    {
        var markdown = "# Evidence\n```text\n" + string.Concat(Enumerable.Repeat("line of a response body\n", 500)) + "```\n";

        var (text, _) = StepSummaryFile.Fit(markdown, Note, 2000);

        Assert.Null(StepSummaryFile.OpenFence(text));
        Assert.True(Encoding.UTF8.GetByteCount(text) <= 2000);
    }

    [Fact]
    public void A_longer_fence_holding_backticks_is_closed_with_its_own_length()
    {
        var markdown = "## Evidence\n````text\n" + string.Concat(Enumerable.Repeat("```\nbody with a fence\n", 300)) + "````\n";

        var (text, _) = StepSummaryFile.Fit(markdown, Note, 3000);

        var kept = text[..text.IndexOf("\n> [!WARNING]", StringComparison.Ordinal)];
        Assert.Null(StepSummaryFile.OpenFence(kept));
        Assert.EndsWith("````\n", kept, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(text) <= 3000);
    }

    [Theory]
    [InlineData("```\ncode\n", "```")]
    [InlineData("```\ncode\n```\n", null)]
    [InlineData("~~~~\n```\n", "~~~~")]
    [InlineData("````json\n```\n````\n", null)]
    [InlineData("text ``` inline\n", null)]
    public void Open_fences_are_found_by_commonmark_rules(string markdown, string? expected)
    {
        Assert.Equal(expected, StepSummaryFile.OpenFence(markdown));
    }

    [Fact]
    public async Task The_runners_one_mebibyte_limit_counts_what_the_file_already_holds()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, new string('x', 600 * 1024) + "\n");
            var markdown = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"| env | check-{i} | fail | status == 200 failed (actual 503) |\n"));
            Assert.True(Encoding.UTF8.GetByteCount(markdown) > StepSummaryFile.RunnerLimitBytes);

            var truncated = await StepSummaryFile.AppendAsync(path, markdown, Note, CancellationToken.None);

            Assert.True(truncated);
            var size = new FileInfo(path).Length;
            Assert.True(size < StepSummaryFile.RunnerLimitBytes, $"{size} bytes");
            Assert.True(size > StepSummaryFile.RunnerLimitBytes - StepSummaryFile.SafetyMarginBytes - 1024, $"{size} bytes: too much was dropped");
            Assert.EndsWith($"> {Note}\n", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_file_already_at_the_limit_gets_nothing_that_would_make_the_runner_drop_it()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, new string('x', (int)StepSummaryFile.RunnerLimitBytes - 10));

            await StepSummaryFile.AppendAsync(path, "# More\n", Note, CancellationToken.None);

            Assert.Equal(StepSummaryFile.RunnerLimitBytes - 10, new FileInfo(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
