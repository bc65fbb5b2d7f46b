using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>
/// Opens the table store from what <c>--state</c> / <c>DIAG_STATE</c> say: a table endpoint (managed identity /
/// DefaultAzureCredential; a path segment names the table) or a storage connection string (its key stays inside).
/// </summary>
public static class TableStores
{
    /// <summary>A table endpoint (<c>https://account.table.core.windows.net[/table]</c>) or a connection string.</summary>
    public static bool Recognises(string value) =>
        value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || (value.Contains('=', StringComparison.Ordinal) && value.Contains(';', StringComparison.Ordinal))
        || value.StartsWith("UseDevelopmentStorage=", StringComparison.OrdinalIgnoreCase);

    public static TableStateStore Open(string value, TokenCredential? credential = null, TimeSpan? networkTimeout = null)
    {
        var counters = new StoreCounters();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(10);
        options.Diagnostics.ApplicationId = "serverless-diag";
        options.AddPolicy(new RequestCounter(counters), Azure.Core.HttpPipelinePosition.PerRetry);

        if (value.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            var uri = new Uri(value);
            var table = uri.AbsolutePath.Trim('/') is { Length: > 0 } path && !path.Contains('/', StringComparison.Ordinal) ? path : TableStateStore.DefaultTableName;
            var endpoint = new Uri(uri.GetLeftPart(UriPartial.Authority));
            var client = new TableClient(endpoint, table, credential ?? new DefaultAzureCredential(), options);
            return new TableStateStore(client, $"table {table} at {endpoint.Host}", counters);
        }

        var (connection, tableName) = SplitTableName(value);
        var service = new TableServiceClient(connection, options);
        return new TableStateStore(service.GetTableClient(tableName), $"table {tableName} at {service.Uri.Host}:{service.Uri.Port}", counters);
    }

    /// <summary>A connection string may carry <c>TableName=</c> (ours, not the SDK's): taken out before the SDK reads it.</summary>
    private static (string Connection, string Table) SplitTableName(string value)
    {
        var parts = value.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var table = parts.FirstOrDefault(p => p.StartsWith("TableName=", StringComparison.OrdinalIgnoreCase))?["TableName=".Length..];
        var rest = string.Join(';', parts.Where(p => !p.StartsWith("TableName=", StringComparison.OrdinalIgnoreCase)));
        return (rest, string.IsNullOrWhiteSpace(table) ? TableStateStore.DefaultTableName : table.Trim());
    }
}
