using Serverless.Diag.Cli.GitHubActions.Runner;
using Serverless.Diag.TestKit.Action;

namespace Serverless.Diag.Tests.Action;

public sealed class GitHubOutputFileTests
{
    [Fact]
    public void An_output_is_written_in_the_runners_heredoc_form_with_a_toolkit_style_delimiter()
    {
        var text = GitHubOutputFile.Format("status", "pass");

        var lines = text.Split('\n');
        Assert.Matches("^status<<ghadelimiter_[0-9a-f-]{36}$", lines[0]);
        Assert.Equal("pass", lines[1]);
        Assert.Equal(lines[0]["status<<".Length..], lines[2]);
        Assert.Equal(string.Empty, lines[3]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("one line")]
    [InlineData("two\nlines")]
    [InlineData("trailing newline\n")]
    [InlineData("\n\nblank lines around\n\n")]
    [InlineData("name=value looking\nother<<EOF\nEOF")]
    [InlineData("[\"staging/a,b\",\"staging/c:d\"]")]
    public void Any_value_reads_back_unchanged_by_the_runners_rules(string value)
    {
        var text = GitHubOutputFile.Format("failed-checks", value) + GitHubOutputFile.Format("status", "fail");

        var outputs = RunnerFileCommandReader.Read(text);

        Assert.Equal(value, outputs["failed-checks"]);
        Assert.Equal("fail", outputs["status"]);
    }

    [Fact]
    public void A_delimiter_that_occurs_in_the_value_is_drawn_again()
    {
        var candidates = new Queue<string>(["EOF", "EOF", "SAFE"]);
        var value = "before\nEOF\nstatus=pass\nafter";

        var text = GitHubOutputFile.Format("report", value, () => candidates.Dequeue());

        Assert.StartsWith("report<<SAFE\n", text, StringComparison.Ordinal);
        var outputs = RunnerFileCommandReader.Read(text);
        Assert.Equal(value, outputs["report"]);
        Assert.False(outputs.ContainsKey("status"));
    }

    [Fact]
    public void A_value_that_contains_every_candidate_is_refused_rather_than_written_unsafely()
    {
        Assert.Throws<InvalidOperationException>(() => GitHubOutputFile.Format("x", "EOF", () => "EOF"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a=b")]
    [InlineData("a<<b")]
    [InlineData("a\nb")]
    public void An_output_name_that_the_runner_would_misread_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => GitHubOutputFile.Format(name, "v"));
    }

    [Fact]
    public async Task Outputs_are_appended_after_what_earlier_steps_wrote()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "earlier=1\n");

            await GitHubOutputFile.AppendAsync(path, [new("status", "warn"), new("report", "/tmp/r.json")], CancellationToken.None);

            var outputs = RunnerFileCommandReader.Read(await File.ReadAllTextAsync(path));
            Assert.Equal("1", outputs["earlier"]);
            Assert.Equal("warn", outputs["status"]);
            Assert.Equal("/tmp/r.json", outputs["report"]);
            Assert.NotEqual(0xEF, (await File.ReadAllBytesAsync(path))[10]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
