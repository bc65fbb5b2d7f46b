using System.Text.RegularExpressions;

namespace Serverless.Diag.Sinks.Markdown;

/// <summary>Makes target-controlled text safe inside Markdown (reports, job summaries, issues).</summary>
public static partial class MarkdownText
{
    /// <summary>A fenced block whose fence is longer than any backtick run inside, so the text cannot close it.</summary>
    public static string Fence(string content, string language = "text", int maxLength = 2048)
    {
        var text = Truncate(content, maxLength);
        var longest = BacktickRuns().Matches(text).Select(m => m.Length).DefaultIfEmpty(0).Max();
        var fence = new string('`', Math.Max(3, longest + 1));
        return $"{fence}{language}\n{text.TrimEnd('\n')}\n{fence}";
    }

    /// <summary>Text for a table cell or a single line: pipes escaped, newlines flattened, mentions neutralised.</summary>
    public static string Inline(string? text, int maxLength = 300)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var flat = Truncate(text.ReplaceLineEndings(" "), maxLength);
        flat = flat.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return NeutraliseMentions(flat);
    }

    /// <summary>Breaks <c>@user</c> so GitHub does not notify anyone from a target's text.</summary>
    public static string NeutraliseMentions(string text) => Mention().Replace(text, "@\u200B$1");

    public static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength), $"… ({text.Length - maxLength} more characters)");

    [GeneratedRegex("`+")]
    private static partial Regex BacktickRuns();

    [GeneratedRegex(@"@([A-Za-z0-9][A-Za-z0-9-]*)")]
    private static partial Regex Mention();
}
