using Serverless.Diag.Probes;
using static Serverless.Diag.Postgres.EvidenceTable;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>The sessions behind a non-zero count, asked for only when the summary found some.</summary>
internal static class EvidenceSections
{
    private const string InsufficientPrivilege = "<insufficient privilege>";

    public static IReadOnlyList<DiagnosticSection> For(ProbeResult result, PostgresProbeOptions options)
    {
        var sections = new List<DiagnosticSection>();
        if (Count(result, V.LongRunningCount) is > 0 and var longRunning)
        {
            sections.Add(new(PostgresQueries.LongRunningTop.Replace("@threshold", SummarySections.Interval(options.LongRunningThreshold), StringComparison.Ordinal), [],
                (rows, r, c) => LongRunning(rows, r, c, longRunning, options.LongRunningThreshold)));
        }

        if (Count(result, V.BlockedCount) is > 0 and var blocked)
        {
            sections.Add(new(PostgresQueries.BlockedPairs, [], (rows, r, c) => Blocked(rows, r, c, blocked)));
        }

        if (Count(result, V.IdleInTransactionCount) is > 0 and var idle)
        {
            sections.Add(new(PostgresQueries.IdleInTransactionTop, [], (rows, r, c) => IdleInTransaction(rows, r, c, idle)));
        }

        return sections;
    }

    private static double Count(ProbeResult result, string path) => result.Measurements.Lookup(path).Value as double? ?? 0;

    private static void LongRunning(List<object?[]> rows, ProbeResult result, ProbeContext context, double count, TimeSpan threshold)
    {
        result.Evidence.Add(new Evidence(
            $"Active queries running longer than {Configuration.Units.FormatDuration(threshold)} ({count:0} in all, oldest first)",
            context.Secrets.Redact(Render(
                ["pid", "user", "application", "running", "waiting on", "query"],
                rows.Select(r => (IReadOnlyList<string>)[Cell(r[0], context.Secrets), Cell(r[1], context.Secrets), Cell(r[2], context.Secrets), Seconds(r[3]), Cell(r[4], context.Secrets), Query(r[5], context.Secrets)])))));
        result.Hints.Add(PostgresHints.LongRunning);
        NoteHiddenQueries(result, rows.Select(r => r[5]));
    }

    private static void Blocked(List<object?[]> rows, ProbeResult result, ProbeContext context, double count)
    {
        // The oldest waiter's blocker, as figures: the lock-contention cause names them without reading the table.
        if (rows.Count > 0)
        {
            var oldest = rows[0];
            if (oldest[5] is int or long or double)
            {
                result.Measurements.Set(V.BlockedHolderPid, Convert.ToDouble(oldest[5], System.Globalization.CultureInfo.InvariantCulture));
            }

            if (oldest[3] is double waited)
            {
                result.Measurements.Set(V.BlockedMaxWaitSeconds, waited);
            }

            if (oldest.Length > 10 && oldest[10] is string relation)
            {
                result.Measurements.Set(V.BlockedRelation, relation);
            }
        }

        result.Evidence.Add(new Evidence(
            $"Blocked sessions and what blocks them ({count:0} blocked)",
            context.Secrets.Redact(Render(
                ["blocked pid", "user", "application", "waiting", "blocked query", "blocking pid", "user", "application", "state", "blocking query"],
                rows.Select(r => (IReadOnlyList<string>)[
                    Cell(r[0], context.Secrets), Cell(r[1], context.Secrets), Cell(r[2], context.Secrets), Seconds(r[3]), Query(r[4], context.Secrets, 100),
                    Cell(r[5], context.Secrets), Cell(r[6], context.Secrets), Cell(r[7], context.Secrets), Cell(r[8], context.Secrets), Query(r[9], context.Secrets, 100)])))));
        result.Hints.Add(PostgresHints.Blocked);
        NoteHiddenQueries(result, rows.SelectMany(r => new[] { r[4], r[9] }));
    }

    private static void IdleInTransaction(List<object?[]> rows, ProbeResult result, ProbeContext context, double count)
    {
        result.Evidence.Add(new Evidence(
            $"Sessions idle in a transaction ({count:0} in all, longest idle first)",
            context.Secrets.Redact(Render(
                ["pid", "user", "application", "idle for", "transaction age", "state", "last query"],
                rows.Select(r => (IReadOnlyList<string>)[Cell(r[0], context.Secrets), Cell(r[1], context.Secrets), Cell(r[2], context.Secrets), Seconds(r[3]), Seconds(r[4]), Cell(r[5], context.Secrets), Query(r[6], context.Secrets)])))));
        result.Hints.Add(PostgresHints.IdleInTransaction);
        NoteHiddenQueries(result, rows.Select(r => r[6]));
    }

    private static void NoteHiddenQueries(ProbeResult result, IEnumerable<object?> queries)
    {
        if (queries.Any(q => q as string == InsufficientPrivilege))
        {
            Hints.AddOnce(result, PostgresHints.Monitor);
        }
    }
}
