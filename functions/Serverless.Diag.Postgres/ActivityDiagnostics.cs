using Npgsql;
using Serverless.Diag.Probes;
using static Serverless.Diag.Postgres.EvidenceTable;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>What pg_stat_activity says: connection saturation, long-running queries, blocked sessions, idle transactions.</summary>
internal static class ActivityDiagnostics
{
    private const double SaturatedRatio = 0.8;
    private const string InsufficientPrivilege = "<insufficient privilege>";

    public static async Task CollectAsync(PostgresSession session, ProbeResult result, ProbeContext context, PostgresProbeOptions options)
    {
        await Guard(session, result, [V.ConnectionsUsed, V.ConnectionsMax, V.ConnectionsRatio], () => ConnectionsAsync(session, result));
        await Guard(session, result, [V.LongRunningCount, V.LongRunningMaxSeconds], () => LongRunningAsync(session, result, context, options.LongRunningThreshold));
        await Guard(session, result, [V.BlockedCount], () => BlockedAsync(session, result, context));
        await Guard(session, result, [V.IdleInTransactionCount, V.IdleInTransactionMaxSeconds], () => IdleInTransactionAsync(session, result, context));
    }

    /// <summary>Runs one diagnostic; when the role may not run it, its paths are absent with the server's reason.</summary>
    internal static async Task Guard(PostgresSession session, ProbeResult result, string[] paths, Func<Task> work)
    {
        if (await session.GuardedAsync(work) is { } denied)
        {
            foreach (var path in paths)
            {
                result.Measurements.SetAbsent(path, $"not available to this role: {denied.MessageText} (SQLSTATE {denied.SqlState})");
            }

            AddHintOnce(result, PostgresHints.Monitor);
        }
    }

    internal static void AddHintOnce(ProbeResult result, string hint)
    {
        if (!result.Hints.Contains(hint))
        {
            result.Hints.Add(hint);
        }
    }

    private static async Task ConnectionsAsync(PostgresSession session, ProbeResult result)
    {
        var row = await session.RowAsync(PostgresQueries.Connections);
        var used = (double)row![0]!;
        var usable = (double)row[1]!;
        result.Measurements.Set(V.ConnectionsUsed, used);
        result.Measurements.Set(V.ConnectionsMax, usable);
        if (usable > 0)
        {
            var ratio = used / usable;
            result.Measurements.Set(V.ConnectionsRatio, ratio);
            if (ratio >= SaturatedRatio)
            {
                AddHintOnce(result, PostgresHints.PoolExhaustion);
            }
        }
        else
        {
            result.Measurements.SetAbsent(V.ConnectionsRatio, "max_connections leaves no slot for ordinary roles");
        }
    }

    private static async Task LongRunningAsync(PostgresSession session, ProbeResult result, ProbeContext context, TimeSpan threshold)
    {
        var summary = await session.RowAsync(PostgresQueries.LongRunningSummary, Threshold(threshold));
        var count = (double)summary![0]!;
        result.Measurements.Set(V.LongRunningCount, count);
        result.Measurements.Set(V.LongRunningMaxSeconds, (double)summary[1]!);
        if (count == 0)
        {
            return;
        }

        var rows = await session.RowsAsync(PostgresQueries.LongRunningTop, Threshold(threshold));
        result.Evidence.Add(new Evidence(
            $"Active queries running longer than {Configuration.Units.FormatDuration(threshold)} ({count:0} in all, oldest first)",
            Redact(context, Render(
                ["pid", "user", "application", "running", "waiting on", "query"],
                rows.Select(r => (IReadOnlyList<string>)[Cell(r[0]), Cell(r[1]), Cell(r[2]), Seconds(r[3]), Cell(r[4]), Cell(r[5], QueryChars)])))));
        result.Hints.Add(PostgresHints.LongRunning);
        NoteHiddenQueries(result, rows.Select(r => r[5]));
    }

    private static async Task BlockedAsync(PostgresSession session, ProbeResult result, ProbeContext context)
    {
        var count = (double)(await session.RowAsync(PostgresQueries.BlockedCount))![0]!;
        result.Measurements.Set(V.BlockedCount, count);
        if (count == 0)
        {
            return;
        }

        var rows = await session.RowsAsync(PostgresQueries.BlockedPairs);
        result.Evidence.Add(new Evidence(
            $"Blocked sessions and what blocks them ({count:0} blocked)",
            Redact(context, Render(
                ["blocked pid", "user", "application", "waiting", "blocked query", "blocking pid", "user", "application", "state", "blocking query"],
                rows.Select(r => (IReadOnlyList<string>)[
                    Cell(r[0]), Cell(r[1]), Cell(r[2]), Seconds(r[3]), Cell(r[4], 100),
                    Cell(r[5]), Cell(r[6]), Cell(r[7]), Cell(r[8]), Cell(r[9], 100)])))));
        result.Hints.Add(PostgresHints.Blocked);
        NoteHiddenQueries(result, rows.SelectMany(r => new[] { r[4], r[9] }));
    }

    private static async Task IdleInTransactionAsync(PostgresSession session, ProbeResult result, ProbeContext context)
    {
        var summary = await session.RowAsync(PostgresQueries.IdleInTransactionSummary);
        var count = (double)summary![0]!;
        result.Measurements.Set(V.IdleInTransactionCount, count);
        result.Measurements.Set(V.IdleInTransactionMaxSeconds, (double)summary[1]!);
        if (count == 0)
        {
            return;
        }

        var rows = await session.RowsAsync(PostgresQueries.IdleInTransactionTop);
        result.Evidence.Add(new Evidence(
            $"Sessions idle in a transaction ({count:0} in all, longest idle first)",
            Redact(context, Render(
                ["pid", "user", "application", "idle for", "transaction age", "state", "last query"],
                rows.Select(r => (IReadOnlyList<string>)[Cell(r[0]), Cell(r[1]), Cell(r[2]), Seconds(r[3]), Seconds(r[4]), Cell(r[5]), Cell(r[6], QueryChars)])))));
        result.Hints.Add(PostgresHints.IdleInTransaction);
        NoteHiddenQueries(result, rows.Select(r => r[6]));
    }

    private static NpgsqlParameter Threshold(TimeSpan threshold) => new("threshold", threshold);

    internal static string Redact(ProbeContext context, string text) => context.Secrets.Redact(text);

    private static void NoteHiddenQueries(ProbeResult result, IEnumerable<object?> queries)
    {
        if (queries.Any(q => q as string == InsufficientPrivilege))
        {
            AddHintOnce(result, PostgresHints.Monitor);
        }
    }
}
