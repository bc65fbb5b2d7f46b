using Serverless.Diag.Probes;

namespace Serverless.Diag.Redis;

/// <summary>Every path a <c>redis</c> check can measure; the loader refuses any other.</summary>
internal static class RedisVocabulary
{
    public const string Connected = "connected";
    public const string Latency = "latency";
    public const string RoundtripOk = "roundtrip_ok";
    public const string Role = "role";
    public const string MemoryUsed = "memory.used";
    public const string MemoryMax = "memory.max";
    public const string MemoryRatio = "memory.ratio";
    public const string MemoryPolicy = "memory.policy";
    public const string MemoryFragmentation = "memory.fragmentation";
    public const string HitRatio = "hit_ratio";
    public const string EvictedKeys = "evicted_keys";
    public const string RejectedConnections = "rejected_connections";
    public const string ClientsConnected = "clients.connected";
    public const string ClientsMax = "clients.max";
    public const string ClientsRatio = "clients.ratio";
    public const string ClientsBlocked = "clients.blocked";
    public const string SlowlogCount = "slowlog.count";
    public const string CommandValue = "command.value";

    public static MeasurementVocabulary Instance { get; } = new(
        Connected, Latency, RoundtripOk, Role, MemoryUsed, MemoryMax, MemoryRatio, MemoryPolicy, MemoryFragmentation, HitRatio,
        EvictedKeys, RejectedConnections, ClientsConnected, ClientsMax, ClientsRatio, ClientsBlocked, SlowlogCount, CommandValue);
}
