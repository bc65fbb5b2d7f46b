using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>Between the engine's records and table entities; an entity that does not read back is refused with a reason.</summary>
internal static class TableEntities
{
    public static TableEntity FromState(CheckState state) => new(TableKeys.StatePartition(state.Environment), TableKeys.StateRow(state.Check))
    {
        ["V"] = StateJson.CurrentVersion,
        ["Check"] = state.Check,
        ["Status"] = state.Status is { } status ? Reporting.StatusRules.ToWire(status) : null,
        ["StatusSince"] = state.StatusSince,
        ["Failures"] = state.ConsecutiveFailures,
        ["Passes"] = state.ConsecutivePasses,
        ["LastRunAt"] = state.LastRunAt,
        ["LastRunId"] = state.LastRunId,
    };

    /// <returns>Null and the reason when the entity holds what no version of this program wrote.</returns>
    public static CheckState? ToState(string environment, TableEntity entity, out string? problem)
    {
        try
        {
            var version = entity.GetInt32("V");
            if (version != StateJson.CurrentVersion)
            {
                problem = $"unknown version {version?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}";
                return null;
            }

            var document = new StateEntryDocument
            {
                Status = entity.GetString("Status"),
                StatusSince = entity.GetDateTimeOffset("StatusSince"),
                Failures = entity.GetInt32("Failures") ?? 0,
                Passes = entity.GetInt32("Passes") ?? 0,
                LastRunAt = entity.GetDateTimeOffset("LastRunAt"),
                LastRunId = entity.GetString("LastRunId"),
            };
            var check = entity.GetString("Check") ?? StoreKeys.Unescape(entity.RowKey);
            return StateMapping.ToState(environment, check, document, entity.ETag.ToString(), out problem);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or FormatException)
        {
            problem = $"wrong types: {e.Message}";
            return null;
        }
    }

    public static TableEntity FromHistory(HistoryEntry entry)
    {
        var entity = new TableEntity(TableKeys.HistoryPartition(entry.Environment, StoreKeys.Day(entry.Time)), TableKeys.HistoryRow(entry))
        {
            ["Check"] = entry.Check,
            ["Time"] = entry.Time,
            ["RunId"] = entry.RunId,
            ["Status"] = Reporting.StatusRules.ToWire(entry.Status),
            ["DurationMs"] = entry.DurationMs,
            ["Cause"] = entry.ErrorCause,
        };
        if (entry.FailedAssertions.Count > 0)
        {
            entity["Failed"] = JsonSerializer.Serialize([.. entry.FailedAssertions], StateJson.Default.ListString);
        }

        if (entry.Measurements.Count > 0)
        {
            entity["Measurements"] = JsonSerializer.Serialize(new Dictionary<string, double>(entry.Measurements, StringComparer.Ordinal), StateJson.Default.DictionaryStringDouble);
        }

        return entity;
    }

    public static HistoryEntry? ToHistory(string environment, TableEntity entity)
    {
        try
        {
            var row = new HistoryRowDocument
            {
                Check = entity.GetString("Check") ?? string.Empty,
                Time = entity.GetDateTimeOffset("Time") ?? DateTimeOffset.MinValue,
                RunId = entity.GetString("RunId") ?? string.Empty,
                Status = entity.GetString("Status") ?? string.Empty,
                DurationMs = entity.GetDouble("DurationMs") ?? 0,
                Cause = entity.GetString("Cause"),
                Failed = entity.GetString("Failed") is { } failed ? JsonSerializer.Deserialize(failed, StateJson.Default.ListString) : null,
                Measurements = entity.GetString("Measurements") is { } m ? JsonSerializer.Deserialize(m, StateJson.Default.DictionaryStringDouble) : null,
            };
            return StateMapping.ToEntry(environment, row);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or FormatException or JsonException)
        {
            // A hand-edited history row is left out of the history view; it ages out with its day.
            return null;
        }
    }
}
