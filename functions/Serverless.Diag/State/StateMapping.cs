using Serverless.Diag.Reporting;

namespace Serverless.Diag.State;

/// <summary>Between the engine's records and the stored shapes; anything unreadable is refused with a reason.</summary>
public static class StateMapping
{
    public static bool TryParseStatus(string? text, out CheckStatus status) =>
        Enum.TryParse(text, ignoreCase: true, out status) && Enum.IsDefined(status) && !int.TryParse(text, out _);

    /// <returns>Null and a reason when the entry holds values no version of this program wrote.</returns>
    public static CheckState? ToState(string environment, string check, StateEntryDocument entry, string etag, out string? problem)
    {
        problem = null;
        CheckStatus? status = null;
        if (entry.Status is not null)
        {
            if (!TryParseStatus(entry.Status, out var parsed))
            {
                problem = $"unknown status '{entry.Status}'";
                return null;
            }

            status = parsed;
        }

        if (entry.Failures < 0 || entry.Passes < 0)
        {
            problem = "negative counters";
            return null;
        }

        return new CheckState
        {
            Environment = environment,
            Check = check,
            Status = status,
            StatusSince = entry.StatusSince,
            ConsecutiveFailures = entry.Failures,
            ConsecutivePasses = entry.Passes,
            LastRunAt = entry.LastRunAt,
            LastRunId = entry.LastRunId,
            ETag = etag,
        };
    }

    public static StateEntryDocument ToDocument(CheckState state, long revision) => new()
    {
        Revision = revision,
        Status = state.Status?.ToWire(),
        StatusSince = state.StatusSince,
        Failures = state.ConsecutiveFailures,
        Passes = state.ConsecutivePasses,
        LastRunAt = state.LastRunAt,
        LastRunId = state.LastRunId,
    };

    public static HistoryRowDocument ToDocument(HistoryEntry entry) => new()
    {
        Check = entry.Check,
        Time = entry.Time,
        RunId = entry.RunId,
        Status = entry.Status.ToWire(),
        DurationMs = entry.DurationMs,
        Cause = entry.ErrorCause,
        Failed = entry.FailedAssertions.Count == 0 ? null : [.. entry.FailedAssertions],
        Measurements = entry.Measurements.Count == 0 ? null : new Dictionary<string, double>(entry.Measurements, StringComparer.Ordinal),
    };

    public static HistoryEntry? ToEntry(string environment, HistoryRowDocument row) =>
        TryParseStatus(row.Status, out var status) && row.Check.Length > 0
            ? new HistoryEntry
            {
                Environment = environment,
                Check = row.Check,
                Time = row.Time,
                RunId = row.RunId,
                Status = status,
                DurationMs = row.DurationMs,
                ErrorCause = row.Cause,
                FailedAssertions = row.Failed ?? [],
                Measurements = row.Measurements ?? new Dictionary<string, double>(),
            }
            : null;
}
