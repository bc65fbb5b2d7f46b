using Serverless.Diag.Cli.GitHubActions.Runner;
using Serverless.Diag.TestKit.Action;

namespace Serverless.Diag.Tests.Action;

public sealed class WorkflowCommandTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100%25")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("key: a, b", "key: a, b")]
    [InlineData("%0A literally", "%250A literally")]
    public void Data_escapes_percent_carriage_return_and_line_feed_only(string value, string expected)
    {
        Assert.Equal(expected, WorkflowCommand.EscapeData(value));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a:b,c", "a%3Ab%2Cc")]
    [InlineData("50%\n", "50%25%0A")]
    [InlineData("%3A", "%253A")]
    public void Properties_also_escape_colon_and_comma(string value, string expected)
    {
        Assert.Equal(expected, WorkflowCommand.EscapeProperty(value));
    }

    [Fact]
    public void Empty_properties_are_left_out_like_the_toolkit_does()
    {
        Assert.Equal("::error title=t,line=3::m", WorkflowCommand.Format("error", [new("title", "t"), new("file", ""), new("line", "3"), new("col", null)], "m"));
        Assert.Equal("::endgroup::", WorkflowCommand.Format("endgroup", null));
        Assert.Equal("::warning::m", WorkflowCommand.Format("warning", [new("title", null)], "m"));
    }

    [Theory]
    [InlineData("api-health", "status == 200 failed (actual 503)")]
    [InlineData("evil,title=x::error::", "line one\n::error::forged\r\n100% %0A %25 a:b,c")]
    [InlineData("%", "%")]
    [InlineData("a\r\nb:c,d%3A", "::add-mask::x")]
    public void Hostile_titles_and_messages_survive_the_runners_unescaping_on_one_line(string title, string message)
    {
        var line = new Annotation(AnnotationLevel.Error, title, message, "diag.yaml", 12, 5).ToWorkflowCommand();

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.True(RunnerWorkflowCommand.TryParse(line, out var parsed));
        Assert.Equal("error", parsed!.Command);
        Assert.Equal(title, parsed.Properties["title"]);
        Assert.Equal("diag.yaml", parsed.Properties["file"]);
        Assert.Equal("12", parsed.Properties["line"]);
        Assert.Equal("5", parsed.Properties["col"]);
        Assert.Equal(message, parsed.Data);
        Assert.Equal(4, parsed.Properties.Count);
    }

    [Fact]
    public void A_multi_line_secret_is_masked_whole_and_line_by_line()
    {
        var output = new StringWriter();
        var commands = new WorkflowCommandWriter(output);

        commands.AddMask("-----BEGIN KEY-----\nabc%def\n-----END KEY-----");
        commands.AddMask("  ");

        var masks = RunnerWorkflowCommand.ParseAll(output.ToString());
        Assert.All(masks, m => Assert.Equal("add-mask", m.Command));
        Assert.Equal(["-----BEGIN KEY-----\nabc%def\n-----END KEY-----", "-----BEGIN KEY-----", "abc%def", "-----END KEY-----"], masks.Select(m => m.Data));
    }

    [Fact]
    public void Stop_commands_brackets_untrusted_text_with_a_fresh_token()
    {
        var output = new StringWriter();
        var commands = new WorkflowCommandWriter(output);

        string token;
        using (commands.StopCommands())
        {
            output.WriteLine("::error::from a response body");
            token = RunnerWorkflowCommand.ParseAll(output.ToString())[0].Data;
        }

        commands.Group("after");

        Assert.StartsWith("serverless-diag-", token, StringComparison.Ordinal);
        Assert.Contains($"\n::{token}::", output.ToString(), StringComparison.Ordinal);
        var parsed = RunnerWorkflowCommand.ParseAll(output.ToString());
        Assert.Equal(["stop-commands", "group"], parsed.Select(c => c.Command));

        using (commands.StopCommands())
        {
        }

        Assert.NotEqual(token, RunnerWorkflowCommand.ParseAll(output.ToString())[2].Data);
    }

    [Theory]
    [InlineData("name\n::error::forged")]
    [InlineData("  ::warning::forged")]
    [InlineData("a\r::group::x")]
    public void A_plain_log_line_can_never_become_a_command(string text)
    {
        var output = new StringWriter();
        new WorkflowCommandWriter(output).Line(text);

        Assert.Empty(RunnerWorkflowCommand.ParseAll(output.ToString()));
        Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
