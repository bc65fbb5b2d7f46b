using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

/// <summary>
/// Runs the diagnostics in as few round trips as the server allows: the read-only transaction and every summary
/// figure in one batch, the sessions behind non-zero counts in a second, pg_stat_statements in a third. When a
/// batch is refused (a view this role may not read), its sections run one by one so only that figure is lost.
/// </summary>
internal static class PostgresDiagnostics
{
    public static async Task CollectAsync(PostgresSession session, ProbeResult result, ProbeContext context, PostgresProbeOptions options)
    {
        await RunAsync(session, SummarySections.For(options), result, context, PostgresSession.BeginReadOnlyCommands(options.StatementTimeout));
        await RunAsync(session, EvidenceSections.For(result, options), result, context, []);
    }

    private static async Task RunAsync(PostgresSession session, IReadOnlyList<DiagnosticSection> sections, ProbeResult result, ProbeContext context, IReadOnlyList<string> prefix)
    {
        if (sections.Count == 0 && prefix.Count == 0)
        {
            return;
        }

        var (rows, denied) = await session.GuardedBatchAsync([.. sections.Select(s => s.Sql)], prefix);
        if (denied is null)
        {
            for (var i = 0; i < sections.Count; i++)
            {
                sections[i].Apply(rows![i], result, context);
            }

            return;
        }

        foreach (var section in sections)
        {
            var (one, reason) = await session.GuardedBatchAsync([section.Sql], []);
            if (reason is null)
            {
                section.Apply(one![0], result, context);
                continue;
            }

            foreach (var path in section.Paths)
            {
                result.Measurements.SetAbsent(path, $"not available to this role: {reason.MessageText} (SQLSTATE {reason.SqlState})");
            }

            Hints.AddOnce(result, PostgresHints.Monitor);
        }
    }
}
