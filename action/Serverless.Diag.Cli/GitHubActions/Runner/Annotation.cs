namespace Serverless.Diag.Cli.GitHubActions.Runner;

internal enum AnnotationLevel
{
    Notice,
    Warning,
    Error,
}

/// <summary>One <c>::error</c>/<c>::warning</c>/<c>::notice</c>; File and Line point at the check in the config when known.</summary>
internal sealed record Annotation(AnnotationLevel Level, string Title, string Message, string? File = null, int? Line = null, int? Column = null)
{
    public string Command => Level switch
    {
        AnnotationLevel.Error => "error",
        AnnotationLevel.Warning => "warning",
        _ => "notice",
    };

    /// <summary>Property order as <c>@actions/core</c> emits it: title, file, line, col.</summary>
    public string ToWorkflowCommand() => WorkflowCommand.Format(
        Command,
        [
            new("title", Title),
            new("file", File),
            new("line", Line is > 0 ? Line.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
            new("col", Column is > 0 ? Column.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
        ],
        Message);
}
