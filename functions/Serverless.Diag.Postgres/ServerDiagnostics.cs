using Serverless.Diag.Probes;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>Database-wide figures: cache hit ratio, replication lag (as a primary or as a standby), size.</summary>
internal static class ServerDiagnostics
{
    private const double LowCacheHitRatio = 0.99;

    public static async Task CollectAsync(PostgresSession session, ProbeResult result)
    {
        await ActivityDiagnostics.Guard(session, result, [V.CacheHitRatio], () => CacheHitAsync(session, result));
        await ActivityDiagnostics.Guard(
            session, result, [V.ReplicationRole, V.ReplicationStandbys, V.ReplicationLagBytes, V.ReplicationLagSeconds], () => ReplicationAsync(session, result));
        await ActivityDiagnostics.Guard(session, result, [V.SizeBytes], async () =>
            result.Measurements.Set(V.SizeBytes, (double)(await session.RowAsync(PostgresQueries.Size))![0]!));
    }

    private static async Task CacheHitAsync(PostgresSession session, ProbeResult result)
    {
        var row = await session.RowAsync(PostgresQueries.CacheHit);
        var hits = row?[0] as double? ?? 0;
        var reads = row?[1] as double? ?? 0;
        if (hits + reads == 0)
        {
            result.Measurements.SetAbsent(V.CacheHitRatio, "no block has been read in this database since statistics were reset");
            return;
        }

        var ratio = hits / (hits + reads);
        result.Measurements.Set(V.CacheHitRatio, ratio);
        if (ratio < LowCacheHitRatio)
        {
            result.Hints.Add(PostgresHints.CacheHit);
        }
    }

    private static async Task ReplicationAsync(PostgresSession session, ProbeResult result)
    {
        var standby = (bool)(await session.RowAsync(PostgresQueries.IsStandby))![0]!;
        var m = result.Measurements;
        if (standby)
        {
            var lag = await session.RowAsync(PostgresQueries.StandbyLag);
            m.Set(V.ReplicationRole, "standby");
            m.Set(V.ReplicationLagBytes, (double)lag![0]!);
            m.Set(V.ReplicationLagSeconds, (double)lag[1]!);
            m.SetAbsent(V.ReplicationStandbys, "this server is a standby");
            return;
        }

        var primary = await session.RowAsync(PostgresQueries.PrimaryLag);
        var standbys = (double)primary![0]!;
        m.Set(V.ReplicationRole, "primary");
        m.Set(V.ReplicationStandbys, standbys);
        if (standbys == 0)
        {
            m.SetAbsent(V.ReplicationLagBytes, "this server is a primary with no standby connected");
            m.SetAbsent(V.ReplicationLagSeconds, "this server is a primary with no standby connected");
            return;
        }

        SetOrAbsent(m, V.ReplicationLagBytes, primary[1] as double?);
        SetOrAbsent(m, V.ReplicationLagSeconds, primary[2] as double? ?? (primary[1] is 0d ? 0d : null));
    }

    private static void SetOrAbsent(Measurements m, string path, double? value)
    {
        if (value is { } v)
        {
            m.Set(path, v);
        }
        else
        {
            m.SetAbsent(path, "pg_stat_replication hides the standby's position from this role (GRANT pg_monitor), or the standby has not replayed yet");
        }
    }
}
