using Serverless.Diag.Probes;

namespace Serverless.Diag.Postgres;

/// <summary>Every path a <c>postgres</c> check can measure; the loader refuses any other.</summary>
internal static class PostgresVocabulary
{
    public const string Connected = "connected";
    public const string Latency = "latency";
    public const string ConnectionsUsed = "connections.used";
    public const string ConnectionsMax = "connections.max";
    public const string ConnectionsRatio = "connections.ratio";
    public const string LongRunningCount = "long_running.count";
    public const string LongRunningMaxSeconds = "long_running.max_seconds";
    public const string BlockedCount = "blocked.count";
    public const string BlockedHolderPid = "blocked.holder_pid";
    public const string BlockedRelation = "blocked.relation";
    public const string BlockedMaxWaitSeconds = "blocked.max_wait_seconds";
    public const string IdleInTransactionCount = "idle_in_transaction.count";
    public const string IdleInTransactionMaxSeconds = "idle_in_transaction.max_seconds";
    public const string CacheHitRatio = "cache_hit_ratio";
    public const string ReplicationRole = "replication.role";
    public const string ReplicationStandbys = "replication.standbys";
    public const string ReplicationLagSeconds = "replication.lag_seconds";
    public const string ReplicationLagBytes = "replication.lag_bytes";
    public const string StatementsSlowestMeanMs = "statements.slowest_mean_ms";
    public const string SizeBytes = "size_bytes";
    public const string QueryValue = "query.value";
    public const string QueryRows = "query.rows";

    public static MeasurementVocabulary Instance { get; } = new(
        Connected, Latency, ConnectionsUsed, ConnectionsMax, ConnectionsRatio, LongRunningCount, LongRunningMaxSeconds,
        BlockedCount, BlockedHolderPid, BlockedRelation, BlockedMaxWaitSeconds, IdleInTransactionCount, IdleInTransactionMaxSeconds, CacheHitRatio, ReplicationRole, ReplicationStandbys,
        ReplicationLagSeconds, ReplicationLagBytes, StatementsSlowestMeanMs, SizeBytes, QueryValue, QueryRows);
}
