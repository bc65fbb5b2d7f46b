using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;

namespace Serverless.Diag.AzureMonitor.Logs;

internal sealed class AzureLogsProbe(LogsQueryClient client, LogsTarget target, string query, string? timespan) : IProbe
{
    private const int EvidenceRows = 10;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var what = $"Log Analytics ({target})";
        AzureAnswer<LogsQueryResult> answer;
        try
        {
            // Ask the service to give up before we do, so a slow query says "timeout" rather than nothing.
            var wait = Math.Max(1, (int)Math.Ceiling(context.Timeout.TotalSeconds));
            answer = await client.QueryAsync(target, query, timespan, wait, cancellationToken);
        }
        catch (JsonException e)
        {
            return ProbeResult.Failed(ErrorCause.NotJson, $"{what} answered something that is not JSON: {e.Message}");
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or CredentialUnavailableException or OperationCanceledException or IOException)
        {
            return AzureFailures.FromException(e, what, context, cancellationToken);
        }

        if (answer.IsError)
        {
            return WithQuery(AzureFailures.FromStatus(answer.Status, answer.Body, what, context), context);
        }

        return Measure(answer.Value!, context);
    }

    private ProbeResult Measure(LogsQueryResult answer, ProbeContext context)
    {
        var result = new ProbeResult();
        var table = answer.Primary;
        var rows = table?.Rows ?? [];
        result.Measurements.Set("rows", rows.Count);
        result.Measurements.Set("partial", answer.PartialError is not null);
        if (rows.Count > 0 && rows[0].Count > 0)
        {
            result.Measurements.Set("value", rows[0][0]);
        }
        else
        {
            result.Measurements.SetAbsent("value", "the query returned no rows");
        }

        result.Measurements.AddResolver("row", path => FirstRowCell(table, path));
        if (answer.PartialError is not null)
        {
            var message = context.Secrets.Redact(answer.PartialError);
            result.Evidence.Add(new Evidence("Partial error (the results are incomplete)", message));
            result.Warnings.Add($"partial results: {message}");
            result.Hints.Add($"Log Analytics returned partial results: {message}. Narrow the timespan or the query (limits: 500,000 rows, 64 MB).");
        }

        WithQuery(result, context);
        if (table is not null)
        {
            result.Evidence.Add(new Evidence($"First rows ({Math.Min(rows.Count, EvidenceRows)} of {rows.Count})", context.Secrets.Redact(Format(table))));
        }

        return result;
    }

    private static MeasurementLookup FirstRowCell(LogsTable? table, string path)
    {
        if (table is null || table.Rows.Count == 0)
        {
            return MeasurementLookup.Missing("the query returned no rows");
        }

        var column = AssertionPath.SingleKeyAfter(path, "row") ?? string.Empty;
        var index = table.Columns.ToList().FindIndex(c => c.Name == column);
        return index >= 0 && index < table.Rows[0].Count
            ? MeasurementLookup.Of(table.Rows[0][index])
            : MeasurementLookup.Missing($"no column '{column}' in the result (columns: {string.Join(", ", table.Columns.Select(c => c.Name))})");
    }

    private ProbeResult WithQuery(ProbeResult result, ProbeContext context)
    {
        var shown = timespan is null ? query : $"{query}\n// timespan: {timespan}";
        result.Evidence.Add(new Evidence("KQL query", context.Secrets.Redact(shown), "kusto"));
        return result;
    }

    private static string Format(LogsTable table)
    {
        var text = new StringBuilder();
        text.AppendJoin(" | ", table.Columns.Select(c => c.Name)).Append('\n');
        foreach (var row in table.Rows.Take(EvidenceRows))
        {
            text.AppendJoin(" | ", row.Select(Cell)).Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("G", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => value.ToString() ?? string.Empty,
    };
}
