using System.Globalization;
using Serverless.Diag.Probes;
using V = Serverless.Diag.Postgres.PostgresVocabulary;

namespace Serverless.Diag.Postgres;

/// <summary>The figures every run measures: saturation, activity, cache, replication, size. One row each.</summary>
internal static class SummarySections
{
    private const double SaturatedRatio = 0.8;
    private const double LowCacheHitRatio = 0.99;
    private const string HiddenStandby = "pg_stat_replication hides the standby's position from this role (GRANT pg_monitor), or the standby has not replayed yet";

    public static IReadOnlyList<DiagnosticSection> For(PostgresProbeOptions options) =>
    [
        new(PostgresQueries.Connections, [V.ConnectionsUsed, V.ConnectionsMax, V.ConnectionsRatio], Connections),
        new(PostgresQueries.LongRunningSummary.Replace("@threshold", Interval(options.LongRunningThreshold), StringComparison.Ordinal),
            [V.LongRunningCount, V.LongRunningMaxSeconds], (rows, result, _) => CountAndMax(rows, result, V.LongRunningCount, V.LongRunningMaxSeconds)),
        new(PostgresQueries.BlockedCount, [V.BlockedCount], (rows, result, _) => result.Measurements.Set(V.BlockedCount, Number(rows, 0) ?? 0)),
        new(PostgresQueries.IdleInTransactionSummary, [V.IdleInTransactionCount, V.IdleInTransactionMaxSeconds],
            (rows, result, _) => CountAndMax(rows, result, V.IdleInTransactionCount, V.IdleInTransactionMaxSeconds)),
        new(PostgresQueries.CacheHit, [V.CacheHitRatio], CacheHit),
        new(PostgresQueries.Replication, [V.ReplicationRole, V.ReplicationStandbys, V.ReplicationLagBytes, V.ReplicationLagSeconds], Replication),
        new(PostgresQueries.Size, [V.SizeBytes], (rows, result, _) => result.Measurements.Set(V.SizeBytes, Number(rows, 0))),
    ];

    /// <summary>A literal interval: the threshold is the probe's own number, never user text, and a literal keeps the batch parameter-free.</summary>
    internal static string Interval(TimeSpan threshold) =>
        $"make_interval(secs => {threshold.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)})";

    private static void Connections(List<object?[]> rows, ProbeResult result, ProbeContext context)
    {
        var used = Number(rows, 0) ?? 0;
        var usable = Number(rows, 1) ?? 0;
        result.Measurements.Set(V.ConnectionsUsed, used);
        result.Measurements.Set(V.ConnectionsMax, usable);
        if (usable <= 0)
        {
            result.Measurements.SetAbsent(V.ConnectionsRatio, "max_connections leaves no slot for ordinary roles");
            return;
        }

        result.Measurements.Set(V.ConnectionsRatio, used / usable);
        if (used / usable >= SaturatedRatio)
        {
            Hints.AddOnce(result, PostgresHints.PoolExhaustion);
        }
    }

    private static void CountAndMax(List<object?[]> rows, ProbeResult result, string countPath, string maxPath)
    {
        result.Measurements.Set(countPath, Number(rows, 0) ?? 0);
        result.Measurements.Set(maxPath, Number(rows, 1) ?? 0);
    }

    private static void CacheHit(List<object?[]> rows, ProbeResult result, ProbeContext context)
    {
        var hits = Number(rows, 0) ?? 0;
        var reads = Number(rows, 1) ?? 0;
        if (hits + reads == 0)
        {
            result.Measurements.SetAbsent(V.CacheHitRatio, "no block has been read in this database since statistics were reset");
            return;
        }

        var ratio = hits / (hits + reads);
        result.Measurements.Set(V.CacheHitRatio, ratio);

        // A young or idle database has a low ratio for no fault of its own: the hint is for those who assert on it.
        if (context.NeedsPath(V.CacheHitRatio) && ratio < LowCacheHitRatio)
        {
            Hints.AddOnce(result, PostgresHints.CacheHit);
        }
    }

    private static void Replication(List<object?[]> rows, ProbeResult result, ProbeContext context)
    {
        var m = result.Measurements;
        var row = rows.FirstOrDefault() ?? [];
        if (row.ElementAtOrDefault(0) is true)
        {
            m.Set(V.ReplicationRole, "standby");
            m.SetAbsent(V.ReplicationStandbys, "this server is a standby");
            SetOrAbsent(m, V.ReplicationLagBytes, Number(rows, 4), "this standby has not received WAL by streaming");
            SetOrAbsent(m, V.ReplicationLagSeconds, Number(rows, 5), "this standby has replayed no transaction since it started");
            return;
        }

        var standbys = Number(rows, 1) ?? 0;
        m.Set(V.ReplicationRole, "primary");
        m.Set(V.ReplicationStandbys, standbys);
        if (standbys == 0)
        {
            m.SetAbsent(V.ReplicationLagBytes, "this server is a primary with no standby connected");
            m.SetAbsent(V.ReplicationLagSeconds, "this server is a primary with no standby connected");
            return;
        }

        var lagBytes = Number(rows, 2);
        SetOrAbsent(m, V.ReplicationLagBytes, lagBytes, HiddenStandby);

        // replay_lag turns NULL once a standby has caught up and the primary is idle: caught up is no lag.
        SetOrAbsent(m, V.ReplicationLagSeconds, Number(rows, 3) ?? (lagBytes == 0 ? 0 : null), HiddenStandby);
    }

    private static void SetOrAbsent(Measurements m, string path, double? value, string reason)
    {
        if (value is { } v)
        {
            m.Set(path, v);
        }
        else
        {
            m.SetAbsent(path, reason);
        }
    }

    private static double? Number(List<object?[]> rows, int column) => rows.FirstOrDefault()?.ElementAtOrDefault(column) as double?;
}
