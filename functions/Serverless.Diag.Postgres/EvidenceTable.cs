using System.Globalization;
using System.Text;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Postgres;

/// <summary>A small fixed-width table for evidence: one line per row, long text cut, newlines flattened.</summary>
internal static class EvidenceTable
{
    public const int QueryChars = 200;

    // A little under PostgreSQL's minimum track_activity_query_size (100 bytes): a cut may fall before a multi-byte character.
    private const int MinimumTrackedQueryBytes = 96;

    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var cell = i < row.Count ? row[i] : string.Empty;
                text.Append(i == headers.Count - 1 ? cell : cell.PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    public static string Cell(object? value, SecretRedactor secrets, int max = 60) => value switch
    {
        null => "",
        IFormattable f => Number(f),
        _ => Text(value.ToString() ?? "", secrets, max),
    };

    public static string Number(IFormattable value) => value is double d
        ? d.ToString("0.##", CultureInfo.InvariantCulture)
        : value.ToString(null, CultureInfo.InvariantCulture);

    /// <summary>
    /// A query text from the server's statistics. PostgreSQL keeps only the first track_activity_query_size bytes
    /// (1 kB by default, 100 at least), so a long one may end inside a secret: its start is masked too.
    /// </summary>
    public static string Query(object? value, SecretRedactor secrets, int max = QueryChars) =>
        value is string text ? Text(text, secrets, max, sourceCut: Encoding.UTF8.GetByteCount(text) >= MinimumTrackedQueryBytes) : Cell(value, secrets, max);

    public static string Seconds(object? value) => value is double d ? $"{d.ToString("0.#", CultureInfo.InvariantCulture)}s" : "";

    /// <summary>Redacted whole (a secret may span a line break), then flattened to one line, then cut.</summary>
    public static string Text(string text, SecretRedactor secrets, int max, bool sourceCut = false) =>
        secrets.Excerpt(ProbeText.OneLine(sourceCut ? secrets.RedactTruncated(text) : secrets.Redact(text)), max - 1);
}
