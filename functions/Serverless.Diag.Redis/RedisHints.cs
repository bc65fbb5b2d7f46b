namespace Serverless.Diag.Redis;

/// <summary>The guides' next steps for what the probe can see in a Redis.</summary>
internal static class RedisHints
{
    public const string MemoryHigh =
        "Memory is close to maxmemory: for a cache, set maxmemory-policy allkeys-lru (volatile-* policies evict only keys with a TTL, " +
        "noeviction refuses writes with OOM), give cache keys a TTL, look for big keys (redis-cli --bigkeys), or raise maxmemory.";

    public const string Evictions =
        "Keys are being evicted: the working set does not fit in maxmemory. Raise maxmemory or shorten TTLs, and check the eviction policy suits the data " +
        "(a queue or session store must not be evicted: use noeviction or a separate instance).";

    public const string NoTtl =
        "The eviction policy only evicts keys with a TTL, but no key has one: set a TTL on cache keys (CACHE_TTL) or switch to allkeys-lru.";

    public const string LowHitRatio =
        "The cache hit ratio is low: check that cache keys are specific and stable (e.g. agent:{id}:query:{hash}), that TTLs are not too short, " +
        "and that evictions are not removing hot keys.";

    public const string Clients =
        "Connected clients are close to maxclients (or connections were rejected): look for connection leaks, and size the application's " +
        "connection pools (one multiplexer per process, not per request).";

    public const string Slowlog =
        "Slow commands are logged: avoid O(N) commands on big keys (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1) and split big values; SLOWLOG RESET after a fix.";

    public const string Auth = "Authentication failed: check the password (and user, for ACLs) in the connection setting; was the secret rotated?";

    public const string Refused = "Nothing accepted the connection: is Redis running, is the port right (6379; 6380 for TLS on Azure), and is bind/protected-mode letting this client in?";

    public const string Timeout = "Redis did not answer in time: a firewall or network route, or a server busy with a slow command (see SLOWLOG).";

    public const string Loading = "Redis is loading its dataset from disk after a restart: wait, and check why it restarted (INFO persistence, the server log).";

    public const string OutOfMemory = "Writes are refused with OOM: maxmemory is reached under noeviction. Free memory, raise maxmemory, or use an eviction policy if this is a cache.";

    public const string ReadOnly = "The server is a read-only replica: point the connection at the primary for writes.";
}
