using System.Text;
using System.Text.RegularExpressions;

namespace Serverless.Diag.Sinks.Markdown;

/// <summary>
/// Makes text that came from a target safe in Markdown (reports, job summaries, issues): no pings, no
/// HTML, no fence break-out, no hidden markers that could be mistaken for ours, bounded length.
/// </summary>
public static partial class MarkdownText
{
    // A zero-width space after '@' keeps the text readable but stops GitHub from resolving a mention.
    private const string ZeroWidthSpace = "\u200B";

    public static string NeutraliseMentions(string text) =>
        Mention().Replace(text, "@" + ZeroWidthSpace).Replace("<!--", "<" + ZeroWidthSpace + "!--", StringComparison.Ordinal);

    /// <summary>Cuts to <paramref name="max"/> characters and says how much was cut.</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = Math.Max(0, max);
        // Never split a surrogate pair: a lone surrogate makes GitHub reject the whole body.
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + $"\n… (truncated: {text.Length - cut:N0} more characters)";
    }

    /// <summary>A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it.</summary>
    public static string Fence(string content, string? language = null, int? maxLength = null)
    {
        content = maxLength is { } max ? Truncate(content, max) : content;
        var fence = new string('`', Math.Max(3, LongestRun(content, '`') + 1));
        var hint = SafeLanguage(language);
        var builder = new StringBuilder();
        builder.Append(fence).Append(hint).Append('\n');
        builder.Append(content.TrimEnd('\n', '\r'));
        builder.Append('\n').Append(fence).Append('\n');
        return builder.ToString();
    }

    /// <summary>Text for a table cell or a single line: pipes escaped, newlines flattened, mentions neutralised.</summary>
    public static string Inline(string? text, int maxLength = 300)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var flat = OneLine(Truncate(text, maxLength));
        flat = flat.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
        return NeutraliseMentions(flat);
    }

    /// <summary>Inline code that survives backticks inside.</summary>
    public static string Code(string text)
    {
        var oneLine = OneLine(text);
        var ticks = new string('`', LongestRun(oneLine, '`') + 1);
        var pad = oneLine.StartsWith('`') || oneLine.EndsWith('`') ? " " : string.Empty;
        return ticks + pad + oneLine + pad + ticks;
    }

    /// <summary>Plain prose outside a code block: no HTML, no pings, one paragraph.</summary>
    public static string Prose(string text) =>
        NeutraliseMentions(text).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    public static int LongestRun(string text, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in text)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    private static string SafeLanguage(string? language) =>
        string.IsNullOrEmpty(language) ? string.Empty : new string(language.Where(char.IsAsciiLetterOrDigit).Take(20).ToArray());

    [GeneratedRegex(@"@(?=[A-Za-z0-9_\-])")]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
