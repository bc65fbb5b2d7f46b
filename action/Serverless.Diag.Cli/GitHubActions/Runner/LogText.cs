namespace Serverless.Diag.Cli.GitHubActions.Runner;

internal static class LogText
{
    /// <summary>
    /// One log line with no line break, so nothing after a prefix can begin a new line the runner would read as a
    /// command; a leading <c>::</c> (the runner trims leading spaces before looking) is broken up for the same reason.
    /// </summary>
    public static string OneLine(string? text)
    {
        var flat = (text ?? string.Empty).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\r', ' ').Replace('\n', ' ');
        return flat.TrimStart().StartsWith("::", StringComparison.Ordinal) ? flat.Replace("::", ": :", StringComparison.Ordinal) : flat;
    }
}
