using System.Globalization;
using System.Text.Json;

namespace Serverless.Diag.AzureMonitor.Logs;

/// <param name="Type">Kusto type: bool, datetime, dynamic, guid, int, long, real, string, timespan, decimal.</param>
public sealed record LogsColumn(string Name, string Type);

/// <summary>
/// One result table with cells already typed: numbers as double, bool as bool, everything else as text.
/// The service sends numbers as JSON numbers, but its own examples send them as strings: both are accepted.
/// </summary>
public sealed record LogsTable(string Name, IReadOnlyList<LogsColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    public static LogsTable Read(JsonElement table)
    {
        var name = AzureFailures.Text(table, "name") ?? "PrimaryResult";
        var columns = new List<LogsColumn>();
        if (table.TryGetProperty("columns", out var cols) && cols.ValueKind == JsonValueKind.Array)
        {
            foreach (var column in cols.EnumerateArray())
            {
                columns.Add(new LogsColumn(AzureFailures.Text(column, "name") ?? $"column{columns.Count}", AzureFailures.Text(column, "type") ?? "string"));
            }
        }

        var rows = new List<IReadOnlyList<object?>>();
        if (table.TryGetProperty("rows", out var rowsElement) && rowsElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var row in rowsElement.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Array))
            {
                var cells = new List<object?>();
                foreach (var cell in row.EnumerateArray())
                {
                    cells.Add(Convert(cell, cells.Count < columns.Count ? columns[cells.Count].Type : "string"));
                }

                rows.Add(cells);
            }
        }

        return new LogsTable(name, columns, rows);
    }

    internal static object? Convert(JsonElement cell, string type)
    {
        switch (cell.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Number:
                return cell.GetDouble();
            case JsonValueKind.True or JsonValueKind.False:
                return cell.GetBoolean();
            case JsonValueKind.String:
                var text = cell.GetString()!;
                return type switch
                {
                    "long" or "int" or "real" or "decimal" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
                    "real" when text is "NaN" or "Infinity" or "-Infinity" => double.Parse(text, CultureInfo.InvariantCulture),
                    "bool" when bool.TryParse(text, out var flag) => flag,
                    _ => text,
                };
            default:
                // dynamic columns may hold arrays and objects: keep their JSON text.
                return cell.GetRawText();
        }
    }
}
