using System.Text;

namespace Serverless.Diag.Sinks.GitHubActions;

/// <summary>
/// Appends Markdown to <c>$GITHUB_STEP_SUMMARY</c>. The runner drops a step's summary whole when the file is
/// larger than 1 MiB, so what is appended is cut to fit beside what the file already holds: at a line break,
/// with an open code fence closed, and a note that says where the full report is.
/// </summary>
public static class StepSummaryFile
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
        const string closeFence = "```\n";
        var room = budgetBytes - Utf8.GetByteCount(note) - Utf8.GetByteCount(closeFence);
        if (room <= 0)
        {
            return Utf8.GetByteCount(note) <= budgetBytes ? (note, true) : (string.Empty, true);
        }

        var kept = CutAtLine(whole, room);
        var fenced = kept.Split('\n').Count(line => line.TrimStart().StartsWith("```", StringComparison.Ordinal)) % 2 == 1;
        return (kept + (fenced ? closeFence : string.Empty) + note, true);
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
