namespace Serverless.Diag.Cli.GitHubActions.Runner;

/// <summary>Writes workflow commands, one per line, to the stream the runner reads (stdout).</summary>
internal sealed class WorkflowCommandWriter(TextWriter output)
{
    public TextWriter Output => output;

    /// <summary>
    /// Registers a secret with the runner's masker. A multi-line value is also masked line by line, because the
    /// runner masks each log line on its own and would otherwise miss the parts of a secret split across lines.
    /// </summary>
    public void AddMask(string secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        output.WriteLine(WorkflowCommand.Format("add-mask", secret));
        if (secret.Contains('\n', StringComparison.Ordinal) || secret.Contains('\r', StringComparison.Ordinal))
        {
            foreach (var line in secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                output.WriteLine(WorkflowCommand.Format("add-mask", line));
            }
        }
    }

    public void Annotate(Annotation annotation) => output.WriteLine(annotation.ToWorkflowCommand());

    public void Group(string title) => output.WriteLine(WorkflowCommand.Format("group", title));

    public void EndGroup() => output.WriteLine(WorkflowCommand.Format("endgroup", null));

    /// <summary>
    /// Text from targets (bodies, error messages) may contain lines that look like workflow commands;
    /// between <c>::stop-commands::token</c> and <c>::token::</c> the runner prints them without acting on them.
    /// </summary>
    public IDisposable StopCommands()
    {
        var token = $"serverless-diag-{Guid.NewGuid():N}";
        output.WriteLine(WorkflowCommand.Format("stop-commands", token));
        return new ResumeCommands(output, token);
    }

    /// <summary>A plain log line: line breaks flattened so no part of it can start a command.</summary>
    public void Line(string text) => output.WriteLine(LogText.OneLine(text));

    private sealed class ResumeCommands(TextWriter output, string token) : IDisposable
    {
        private bool _done;

        public void Dispose()
        {
            if (!_done)
            {
                _done = true;
                output.WriteLine($"::{token}::");
            }
        }
    }
}
