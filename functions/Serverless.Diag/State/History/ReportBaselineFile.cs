using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.State.History;

/// <summary>
/// Reads a <c>--baseline</c> report file and says exactly what is wrong with one that is not a report: unreadable, too
/// large, empty, not JSON (with the line and column), or JSON of the wrong shape (with the position and the property).
/// </summary>
internal static partial class ReportBaselineFile
{
    /// <summary>What the problems are in (<see cref="ConfigException.Subject"/>), a bare noun: "1 problem in the baseline report".</summary>
    public const string Subject = "baseline report";

    private const string Hint = "pass a report written with --format json or --output";

    /// <exception cref="ConfigException">The file cannot be read, or is larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] Read(string path, long maxBytes)
    {
        if (Directory.Exists(path))
        {
            throw Refused(new SourceMark(path, 0, 0), $"the baseline report is a directory: {Hint}");
        }

        try
        {
            // Read with a bound rather than trusting the length: a pipe or a special file has none.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge(path, maxBytes);
            }

            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(path, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return Utf8(buffer.ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Refused(new SourceMark(path, 0, 0), $"cannot read the baseline report: {e.Message}");
        }
    }

    /// <exception cref="ConfigException">Not JSON, or not shaped as a report.</exception>
    public static ReportDocument Parse(string path, byte[] bytes)
    {
        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Refused(new SourceMark(path, 1, 1), $"the baseline report is empty: {Hint}");
        }

        // The syntax first, so what is not JSON is told apart from JSON that is no report.
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw Refused(Mark(path, e), $"the baseline report is not valid JSON: {FirstSentence(e.Message)}");
        }

        ReportDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, ReportBaselineJson.Default.ReportDocument);
        }
        catch (JsonException e)
        {
            throw Refused(Mark(path, e), $"not a serverless-diag JSON report: {Shape(e)}; {Hint}");
        }

        return document?.Environments is null
            ? throw Refused(new SourceMark(path, 1, 1), $"not a serverless-diag JSON report (no 'environments'): {Hint}")
            : document;
    }

    private static ConfigException Refused(SourceMark mark, string message) =>
        new(mark, message) { Subject = Subject };

    private static ConfigException TooLarge(string path, long maxBytes) =>
        Refused(new SourceMark(path, 1, 1), $"the baseline report is larger than {maxBytes / (1024 * 1024)} MB; a JSON report of serverless-diag is far smaller: {Hint}");

    /// <summary>UTF-8 as the reader wants it: without a byte order mark, and from UTF-16 (PowerShell's redirection writes it).</summary>
    private static byte[] Utf8(byte[] bytes) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => bytes[3..],
        [0xFF, 0xFE, ..] => Encoding.UTF8.GetBytes(Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2)),
        [0xFE, 0xFF, ..] => Encoding.UTF8.GetBytes(Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2)),
        _ => bytes,
    };

    private static SourceMark Mark(string path, JsonException e) =>
        new(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);

    /// <summary>Which property is wrong and what a report has there, rather than the .NET type it could not be converted to.</summary>
    private static string Shape(JsonException e)
    {
        var steps = PathStep().Matches(e.Path ?? "$").Select(m => m.Groups["name"].Success ? m.Groups["name"].Value : m.Groups["quoted"].Success ? m.Groups["quoted"].Value : "[]").ToList();
        if (steps.Count == 0)
        {
            return "the file must hold a JSON object";
        }

        var last = steps[^1];
        var parent = steps.Count > 1 ? steps[^2] : null;
        var expected = (parent, last) switch
        {
            ("baselines", _) => "an object",
            (_, "[]") => "an object",
            (_, "environments" or "checks") => "a list",
            (_, "measurements" or "baselines") => "an object",
            (_, "name" or "status" or "label") => "a string",
            (_, "value") => "a number",
            (_, "runs" or "minRuns") => "a whole number",
            _ => null,
        };
        var where = (e.Path ?? "$").StartsWith("$.", StringComparison.Ordinal) ? e.Path![2..] : e.Path;
        return expected is null
            ? $"'{where}' has a value a report does not have there"
            : $"'{where}' must be {expected}";
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." which the position already says.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var first = cut > 0 ? message[..cut] : message;
        cut = first.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? first[..cut] : first;
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>(?:[^']|'')*)'\]|\[\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex PathStep();
}
