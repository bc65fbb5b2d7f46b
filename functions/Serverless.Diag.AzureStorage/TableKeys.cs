using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>
/// The table's key layout. Current states: one partition per environment, one row per check (a run's changes go in
/// batches of up to 100). History: one partition per environment and UTC day, rows <c>check|inverted ticks|run</c>,
/// so a check's recent rows come first and a whole day is deleted when it leaves the retention window.
/// </summary>
internal static class TableKeys
{
    /// <summary>The row in the state partition that remembers the oldest history day still stored.</summary>
    public const string HistoryMetaRow = "!history";

    public const string LeasePartition = "lease";

    public static string StatePartition(string environment) => "s|" + StoreKeys.Escape(environment);

    public static string StateRow(string check) => StoreKeys.Escape(check);

    public static string HistoryPartition(string environment, string day) => $"h|{StoreKeys.Escape(environment)}|{day}";

    public static string HistoryRow(HistoryEntry entry) =>
        $"{StoreKeys.Escape(entry.Check)}|{StoreKeys.InvertedTicks(entry.Time)}|{StoreKeys.Escape(entry.RunId)}";

    /// <summary>All rows of one check in a history partition: from <c>check|</c> up to (not including) <c>check}</c>.</summary>
    public static (string From, string To) HistoryRowRange(string check) => (StoreKeys.Escape(check) + "|", StoreKeys.Escape(check) + "}");

    public static string LeaseRow(string name) => StoreKeys.Escape(name);

    /// <summary>An OData string literal: single quotes doubled.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
