namespace Serverless.Diag.Postgres;

/// <summary>The guides' next steps, one per condition the probe can see.</summary>
internal static class PostgresHints
{
    public const string PoolExhaustion =
        "Connections are close to the server's limit. Look at idle-in-transaction sessions first; then size the application's pools " +
        "(SQLAlchemy pool_size + max_overflow, times workers and replicas, must stay below max_connections) or put a pooler such as PgBouncer in front.";

    public const string IdleInTransaction =
        "Sessions idle in a transaction hold a connection and their locks: find the code path that opens a transaction and awaits " +
        "something else before commit/rollback; set idle_in_transaction_session_timeout as a safety net.";

    public const string LongRunning =
        "Long-running queries: run EXPLAIN (ANALYZE, BUFFERS) on them to find sequential scans and missing indexes, and give the " +
        "application's role a statement_timeout so one query cannot hold a connection for ever.";

    public const string Blocked =
        "Sessions are waiting on locks held by the blocking pids shown: end the blocker's transaction (pg_cancel_backend, " +
        "pg_terminate_backend as a last resort), keep transactions short, and run migrations with a lock_timeout.";

    public const string SlowStatements =
        "The slowest statements by mean time: EXPLAIN (ANALYZE, BUFFERS) the top ones, add the missing indexes (CREATE INDEX CONCURRENTLY), " +
        "then pg_stat_statements_reset() to measure again.";

    public const string StatementsNotInstalled =
        "pg_stat_statements is not installed in this database: add pg_stat_statements to shared_preload_libraries (restart), " +
        "then CREATE EXTENSION pg_stat_statements;";

    public const string StatementsNotLoaded =
        "pg_stat_statements is created but not loaded: add it to shared_preload_libraries in postgresql.conf (or the managed " +
        "service's server parameters) and restart the server.";

    public const string CacheHit =
        "The cache hit ratio is below 99%: the working set does not fit in shared_buffers, or queries scan whole tables; " +
        "check the slowest statements and their plans before adding memory.";

    public const string Monitor =
        "The probe's role cannot read some statistics: GRANT pg_monitor TO <the probe's role> lets it see every session's query and the replication state.";

    public const string Auth =
        "Authentication failed: check the user and password in the connection setting (a rotated secret?) and pg_hba.conf for this client address.";

    public const string Refused =
        "Nothing accepted the connection: is the server running, is the port right (5432 by default), and does listen_addresses include this interface?";

    public const string Timeout =
        "The server did not answer in time: a firewall or network route, or a saturated server (CPU, connections, locks).";

    public const string DatabaseMissing = "The database named in the connection does not exist on this server: check the Database / path of the URL.";
}
