using System.Globalization;
using System.Text;

namespace Serverless.Diag.Postgres;

/// <summary>A small fixed-width table for evidence: one line per row, long text cut, newlines flattened.</summary>
internal static class EvidenceTable
{
    public const int QueryChars = 200;

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

    public static string Cell(object? value, int max = 60) => value switch
    {
        null => "",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Truncate(value.ToString() ?? "", max),
    };

    public static string Seconds(object? value) => value is double d ? $"{d.ToString("0.#", CultureInfo.InvariantCulture)}s" : "";

    public static string Truncate(string text, int max)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= max ? flat : string.Concat(flat.AsSpan(0, max - 1), "…");
    }
}
