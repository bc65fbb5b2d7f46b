using Npgsql;
using Serverless.Diag.Probes;
using static Serverless.Diag.Postgres.EvidenceTable;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>The slowest statements by mean time, from pg_stat_statements when it is installed and preloaded.</summary>
internal static class StatementDiagnostics
{
    public static async Task CollectAsync(PostgresSession session, ProbeResult result, ProbeContext context)
    {
        var (results, failure) = await session.GuardedBatchAsync([PostgresQueries.SlowestStatements], []);
        var rows = results?[0] ?? [];
        var asked = context.NeedsPath("statements");
        if (failure is not null)
        {
            // Missing pg_stat_statements is not an error: the measurement is absent and says how to get it.
            var (reason, hint) = failure.SqlState switch
            {
                PostgresErrorCodes.UndefinedTable => ("pg_stat_statements is not installed in this database (CREATE EXTENSION pg_stat_statements)", PostgresHints.StatementsNotInstalled),
                PostgresErrorCodes.ObjectNotInPrerequisiteState => ("pg_stat_statements is not loaded (add it to shared_preload_libraries and restart)", PostgresHints.StatementsNotLoaded),
                _ => ($"pg_stat_statements is not readable by this role: {failure.MessageText}", PostgresHints.Monitor),
            };
            result.Measurements.SetAbsent(V.StatementsSlowestMeanMs, reason);
            if (asked)
            {
                Hints.AddOnce(result, hint);
            }

            return;
        }

        if (rows.Count == 0)
        {
            result.Measurements.SetAbsent(V.StatementsSlowestMeanMs, "pg_stat_statements has recorded no statement in this database yet");
            return;
        }

        result.Measurements.Set(V.StatementsSlowestMeanMs, (double)rows[0][0]!);
        if (!asked)
        {
            return;
        }

        result.Evidence.Add(new Evidence(
            "Slowest statements by mean execution time (pg_stat_statements)",
            context.Secrets.Redact(Render(
                ["mean", "calls", "total", "rows", "user", "query"],
                rows.Select(r => (IReadOnlyList<string>)[Ms(r[0]), Cell(r[1], context.Secrets), Ms(r[2]), Cell(r[3], context.Secrets), Cell(r[4], context.Secrets), Query(r[5], context.Secrets)]))),
            "text"));
        result.Hints.Add(PostgresHints.SlowStatements);
    }

    private static string Ms(object? value) => value is double d ? $"{Number(d)}ms" : "";
}
