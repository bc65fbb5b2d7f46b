using System.Text;

namespace Serverless.Diag.Cli.GitHubActions.Runner;

/// <summary>
/// Appends Markdown to <c>$GITHUB_STEP_SUMMARY</c>. The runner drops a step's summary whole when the file is
/// larger than 1 MiB, so what is appended is cut to fit beside what the file already holds: at a line break,
/// with an open code fence closed, and a note that says where the full report is.
/// </summary>
internal static class StepSummaryFile
{
    /// <summary>The runner's limit (CreateStepSummaryCommand: 1024 * 1024 bytes).</summary>
    public const long RunnerLimitBytes = 1024 * 1024;

    /// <summary>Kept free under the limit for the runner's own line endings and anything appended later.</summary>
    public const long SafetyMarginBytes = 8 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <returns>True when the Markdown had to be truncated.</returns>
    public static async Task<bool> AppendAsync(string path, string markdown, string truncationNote, CancellationToken cancellationToken, long limitBytes = RunnerLimitBytes - SafetyMarginBytes)
    {
        var existing = File.Exists(path) ? new FileInfo(path).Length : 0;
        var (text, truncated) = Fit(markdown, truncationNote, limitBytes - existing);
        if (text.Length > 0)
        {
            await File.AppendAllTextAsync(path, text, Utf8, cancellationToken);
        }

        return truncated;
    }

    /// <summary>The Markdown, or as much of it as fits in <paramref name="budgetBytes"/> followed by the note.</summary>
    public static (string Text, bool Truncated) Fit(string markdown, string truncationNote, long budgetBytes)
    {
        var whole = markdown.EndsWith('\n') ? markdown : markdown + "\n";
        if (Utf8.GetByteCount(whole) <= budgetBytes)
        {
            return (whole, false);
        }

        var note = $"\n> [!WARNING]\n> {truncationNote.Replace("\n", "\n> ", StringComparison.Ordinal)}\n";
        var longestFence = LongestFence(whole);
        var room = budgetBytes - Utf8.GetByteCount(note) - (longestFence + 1);
        if (room <= 0)
        {
            return Utf8.GetByteCount(note) <= budgetBytes ? (note, true) : (string.Empty, true);
        }

        var kept = CutAtLine(whole, room);
        var close = OpenFence(kept) is { } fence ? fence + "\n" : string.Empty;
        return (kept + close + note, true);
    }

    /// <summary>The fence of a code block still open at the end of <paramref name="markdown"/> (CommonMark rules), or null.</summary>
    public static string? OpenFence(string markdown)
    {
        string? open = null;
        foreach (var line in markdown.Split('\n'))
        {
            var trimmed = line.TrimStart(' ');
            if (line.Length - trimmed.Length > 3 || trimmed.Length < 3 || (trimmed[0] != '`' && trimmed[0] != '~'))
            {
                continue;
            }

            var run = trimmed.Length - trimmed.TrimStart(trimmed[0]).Length;
            if (run < 3)
            {
                continue;
            }

            if (open is null)
            {
                open = trimmed[..run];
            }
            else if (trimmed[0] == open[0] && run >= open.Length && trimmed[run..].Trim().Length == 0)
            {
                open = null;
            }
        }

        return open;
    }

    private static int LongestFence(string markdown)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in markdown)
        {
            run = c is '`' or '~' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>The longest prefix ending at a line break whose UTF-8 form fits in <paramref name="bytes"/>.</summary>
    private static string CutAtLine(string text, long bytes)
    {
        var end = 0;
        long size = 0;
        var lastLineEnd = 0;
        while (end < text.Length)
        {
            var length = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
            size += Utf8.GetByteCount(text.AsSpan(end, length));
            if (size > bytes)
            {
                break;
            }

            end += length;
            if (text[end - 1] == '\n')
            {
                lastLineEnd = end;
            }
        }

        return text[..lastLineEnd];
    }
}
