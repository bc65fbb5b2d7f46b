using System.Text;

namespace Serverless.Diag.Cli.GitHubActions.Runner;

/// <summary>
/// Formats <c>::name key=value,key=value::message</c> exactly as the Actions toolkit does
/// (<c>@actions/core</c> command.ts): data escapes <c>%</c>, CR and LF; properties also escape <c>:</c> and <c>,</c>,
/// and properties with an empty value are left out. The runner undoes the same escapes, so any text survives.
/// </summary>
internal static class WorkflowCommand
{
    public static string EscapeData(string? value) => (value ?? string.Empty)
        .Replace("%", "%25", StringComparison.Ordinal)
        .Replace("\r", "%0D", StringComparison.Ordinal)
        .Replace("\n", "%0A", StringComparison.Ordinal);

    public static string EscapeProperty(string? value) => EscapeData(value)
        .Replace(":", "%3A", StringComparison.Ordinal)
        .Replace(",", "%2C", StringComparison.Ordinal);

    /// <param name="properties">In order; null or empty values are omitted, as the toolkit does.</param>
    public static string Format(string command, IEnumerable<KeyValuePair<string, string?>>? properties, string? message)
    {
        var text = new StringBuilder("::").Append(command);
        var first = true;
        foreach (var (key, value) in properties ?? [])
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            text.Append(first ? ' ' : ',').Append(key).Append('=').Append(EscapeProperty(value));
            first = false;
        }

        return text.Append("::").Append(EscapeData(message)).ToString();
    }

    public static string Format(string command, string? message) => Format(command, null, message);
}
