namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>The guides' next steps for what a load run showed.</summary>
internal static class LoadHints
{
    // The guides' own thresholds: "Response time > 1000ms", "Grafana shows >2s response times".
    private const double SlowMedianMs = 1000;

    public static IEnumerable<string> For(LoadRecorder recorder)
    {
        if (recorder.Count == 0)
        {
            yield break;
        }

        var p50 = recorder.Percentile(50);
        var p99 = recorder.Percentile(99);
        var timeouts = recorder.ErrorCount(LoadErrorKind.Timeout);
        var server5xx = recorder.StatusCounts().Where(s => s.Status >= 500).Sum(s => s.Count);
        var broken = recorder.ErrorCount(LoadErrorKind.Connection) + recorder.ErrorCount(LoadErrorKind.Reset);

        if (timeouts > 0 || server5xx > 0)
        {
            yield return "Timeouts or 5xx under load usually mean requests queue for a scarce resource, most often database connections: " +
                "look for pool exhaustion (OperationalError / 'remaining connection slots are reserved', 'database.pool.exhausted' in the logs), " +
                "compare pool_size + max_overflow and pool_timeout with the concurrency, and check idle-in-transaction sessions holding connections.";
        }

        if (broken > 0)
        {
            yield return "Connections refused or reset under load: the server ran out of workers, file descriptors or listen backlog " +
                "(uvicorn --workers, ulimit -n), or a proxy in front limits connections; check that the process did not restart.";
        }

        if (p50 >= SlowMedianMs)
        {
            yield return "Most requests are slow, not only the tail: find the slow statements (pg_stat_statements ordered by mean_exec_time, " +
                "EXPLAIN ANALYZE them) and add the missing indexes; cache hot reads (the guide: 'Add database indexes, implement query caching').";
        }
        else if (p99 >= 5 * Math.Max(p50, 1) && p99 >= 100)
        {
            yield return "A fast majority with a slow tail (p99 far above p50) points at something only some requests hit: cache misses " +
                "(compare Redis keyspace_hits/keyspace_misses), a slow query path, waits for a pooled connection or periodic stalls " +
                "(GC, a lock); the slowest requests below show when they happened.";
        }
    }
}
