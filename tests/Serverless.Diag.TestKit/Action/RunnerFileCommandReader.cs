namespace Serverless.Diag.TestKit.Action;

/// <summary>
/// Reads <c>$GITHUB_OUTPUT</c> (and <c>$GITHUB_ENV</c>) the way the runner does (FileCommandManager): line by line,
/// empty lines skipped; <c>NAME=VALUE</c> when <c>=</c> comes before any <c>&lt;&lt;</c>; otherwise
/// <c>NAME&lt;&lt;DELIMITER</c>, then every line up to one equal to the delimiter is the value (joined by the line
/// breaks between them, without the last). A missing delimiter or an empty name fails, as the runner fails the step.
/// Later values of a name replace earlier ones.
/// </summary>
public static class RunnerFileCommandReader
{
    public static IReadOnlyDictionary<string, string> Read(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        while (ReadLine(text, ref index, out _) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (equals >= 0 && (heredoc < 0 || equals < heredoc))
            {
                var name = line[..equals];
                Require(name.Length > 0, $"empty name in '{line}'");
                values[name] = line[(equals + 1)..];
                continue;
            }

            Require(heredoc >= 0, $"invalid format '{line}'");
            var key = line[..heredoc];
            var delimiter = line[(heredoc + 2)..];
            Require(key.Length > 0 && delimiter.Length > 0, $"empty name or delimiter in '{line}'");
            var start = index;
            var end = index;
            string? next;
            while ((next = ReadLine(text, ref index, out var newline)) != delimiter)
            {
                Require(next is not null, $"matching delimiter not found '{delimiter}'");
                end = index - newline.Length;
            }

            values[key] = end > start ? text[start..end] : string.Empty;
        }

        return values;
    }

    private static string? ReadLine(string text, ref int index, out string newline)
    {
        newline = string.Empty;
        if (index >= text.Length)
        {
            return null;
        }

        var start = index;
        var lf = text.IndexOf('\n', index);
        if (lf < 0)
        {
            index = text.Length;
            return text[start..];
        }

        if (OperatingSystem.IsWindows() && lf > start && text[lf - 1] == '\r')
        {
            index = lf + 1;
            newline = "\r\n";
            return text[start..(lf - 1)];
        }

        index = lf + 1;
        newline = "\n";
        return text[start..lf];
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message);
        }
    }
}
