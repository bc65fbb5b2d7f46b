using System.Text;

namespace Serverless.Diag.Cli.GitHubActions.Runner;

/// <summary>
/// Appends step outputs to <c>$GITHUB_OUTPUT</c> in the runner's heredoc form,
/// <c>name&lt;&lt;DELIMITER</c>, the value, <c>DELIMITER</c>, so values may hold any character and any number of
/// lines. The delimiter is random, as the toolkit's <c>ghadelimiter_&lt;uuid&gt;</c>, and is drawn again until it occurs
/// in neither name nor value: a value ending a heredoc early could otherwise set outputs of its own.
/// </summary>
internal static class GitHubOutputFile
{
    // LF on every platform: the runner splits on LF everywhere (CRLF too, on Windows), and a delimiter line
    // followed by CR would not match on Linux.
    private const string NewLine = "\n";

    public static string Format(string name, string value, Func<string>? newDelimiter = null)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\n', StringComparison.Ordinal) || name.Contains('\r', StringComparison.Ordinal)
            || name.Contains("<<", StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' is not a valid output name.", nameof(name));
        }

        newDelimiter ??= static () => $"ghadelimiter_{Guid.NewGuid()}";
        var delimiter = newDelimiter();
        for (var attempt = 0; value.Contains(delimiter, StringComparison.Ordinal) || name.Contains(delimiter, StringComparison.Ordinal); attempt++)
        {
            if (attempt >= 100)
            {
                throw new InvalidOperationException("No delimiter could be found that the value does not contain.");
            }

            delimiter = newDelimiter();
        }

        return $"{name}<<{delimiter}{NewLine}{value}{NewLine}{delimiter}{NewLine}";
    }

    public static async Task AppendAsync(string path, IEnumerable<KeyValuePair<string, string>> outputs, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in outputs)
        {
            text.Append(Format(name, value));
        }

        await File.AppendAllTextAsync(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
    }
}
