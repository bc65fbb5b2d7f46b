namespace Serverless.Diag.AzureMonitor.Logs;

/// <param name="PartialError">A 200 answer carrying an <c>error</c>: the tables are incomplete.</param>
public sealed record LogsQueryResult(IReadOnlyList<LogsTable> Tables, string? PartialError)
{
    /// <summary>The table the query's last statement produced.</summary>
    public LogsTable? Primary => Tables.FirstOrDefault(t => t.Name == "PrimaryResult") ?? (Tables.Count > 0 ? Tables[0] : null);
}
