namespace Serverless.Diag.Postgres;

/// <summary>
/// The probe's SQL, checked on PostgreSQL 15 (shared reference diagnostics.sql). Ages use clock_timestamp(),
/// not now(): inside the probe's transaction now() is frozen at its start.
/// </summary>
internal static class PostgresQueries
{
    public const string Ping = "SELECT 1";

    // reserved_connections exists from PostgreSQL 16; current_setting(name, true) is NULL before.
    public const string Connections = """
        SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::float8 AS used,
               (current_setting('max_connections')::int
                 - current_setting('superuser_reserved_connections')::int
                 - COALESCE(current_setting('reserved_connections', true), '0')::int)::float8 AS usable
        """;

    public const string LongRunningSummary = """
        SELECT count(*) FILTER (WHERE clock_timestamp() - query_start > @threshold)::float8,
               COALESCE(max(EXTRACT(EPOCH FROM clock_timestamp() - query_start)), 0)::float8
        FROM pg_stat_activity
        WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
        """;

    public const string LongRunningTop = """
        SELECT pid, usename::text, application_name, EXTRACT(EPOCH FROM clock_timestamp() - query_start)::float8,
               COALESCE(wait_event_type || ':' || wait_event, ''), query
        FROM pg_stat_activity
        WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
          AND clock_timestamp() - query_start > @threshold
        ORDER BY query_start
        LIMIT 5
        """;

    // pg_blocking_pids is asked only of sessions waiting on a lock: it is not free on a busy server.
    public const string BlockedCount = """
        SELECT count(*)::float8 FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND cardinality(pg_blocking_pids(pid)) > 0
        """;

    public const string BlockedPairs = """
        SELECT blocked.pid, blocked.usename::text, blocked.application_name,
               EXTRACT(EPOCH FROM clock_timestamp() - blocked.query_start)::float8, blocked.query,
               blocking.pid, blocking.usename::text, blocking.application_name, blocking.state, blocking.query,
               (SELECT l.relation::regclass::text FROM pg_locks AS l
                WHERE l.pid = blocked.pid AND l.relation IS NOT NULL AND l.locktype IN ('relation', 'tuple')
                ORDER BY l.granted, l.locktype = 'tuple' DESC LIMIT 1)
        FROM pg_stat_activity AS blocked
        JOIN LATERAL unnest(pg_blocking_pids(blocked.pid)) AS b(pid) ON true
        JOIN pg_stat_activity AS blocking ON blocking.pid = b.pid
        WHERE blocked.wait_event_type = 'Lock'
        ORDER BY blocked.query_start
        LIMIT 10
        """;

    // Other serverless-diag probes hold a short read-only transaction across their round trips: they are
    // not the application's idle-in-transaction sessions (several checks on one server run at once).
    public const string IdleInTransactionSummary = """
        SELECT count(*)::float8, COALESCE(max(EXTRACT(EPOCH FROM clock_timestamp() - state_change)), 0)::float8
        FROM pg_stat_activity
        WHERE state IN ('idle in transaction', 'idle in transaction (aborted)') AND application_name <> 'serverless-diag'
        """;

    public const string IdleInTransactionTop = """
        SELECT pid, usename::text, application_name, EXTRACT(EPOCH FROM clock_timestamp() - state_change)::float8,
               EXTRACT(EPOCH FROM clock_timestamp() - xact_start)::float8, state, query
        FROM pg_stat_activity
        WHERE state IN ('idle in transaction', 'idle in transaction (aborted)') AND application_name <> 'serverless-diag'
        ORDER BY state_change
        LIMIT 5
        """;

    public const string CacheHit = """
        SELECT blks_hit::float8, blks_read::float8 FROM pg_stat_database WHERE datname = current_database()
        """;

    // One row for primary and standby alike. pg_current_wal_lsn() fails during recovery, so it sits in a CASE
    // branch a standby never takes (an uncorrelated sub-select is evaluated only when first needed).
    public const string Replication = """
        SELECT pg_is_in_recovery(),
               (SELECT count(*) FROM pg_stat_replication)::float8,
               CASE WHEN NOT pg_is_in_recovery()
                    THEN (SELECT max(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)) FROM pg_stat_replication) END::float8,
               (SELECT max(EXTRACT(EPOCH FROM replay_lag)) FROM pg_stat_replication)::float8,
               CASE WHEN pg_is_in_recovery()
                    THEN COALESCE(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0) END::float8,
               CASE WHEN NOT pg_is_in_recovery() THEN NULL
                    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                    ELSE GREATEST(0, EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())) END::float8
        """;

    public const string Size = "SELECT pg_database_size(current_database())::float8";

    // The probe's own statements carry the marker comment and are left out.
    public const string SlowestStatements = """
        SELECT s.mean_exec_time::float8, s.calls, s.total_exec_time::float8, s.rows, COALESCE(r.rolname::text, ''), s.query
        FROM pg_stat_statements AS s
        LEFT JOIN pg_roles AS r ON r.oid = s.userid
        WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND s.query NOT LIKE '/* serverless-diag */%'
        ORDER BY s.mean_exec_time DESC
        LIMIT 5
        """;
}
