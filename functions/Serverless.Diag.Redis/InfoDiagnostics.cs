using System.Globalization;
using System.Text;
using Serverless.Diag.Probes;
using V = Serverless.Diag.Redis.RedisVocabulary;

namespace Serverless.Diag.Redis;

/// <summary>Memory, hit ratio, evictions and clients from INFO, with the INFO figures behind each asserted path as evidence.</summary>
internal static class InfoDiagnostics
{
    private const double HighRatio = 0.8;
    private const double LowHitRatio = 0.8;

    /// <summary>The INFO fields a reader wants to see next to each measurement.</summary>
    private static readonly (string Prefix, string[] Fields)[] FieldsBehind =
    [
        ("memory", ["used_memory", "used_memory_human", "used_memory_peak_human", "used_memory_rss_human", "maxmemory", "maxmemory_human", "maxmemory_policy", "mem_fragmentation_ratio", "evicted_keys"]),
        ("evicted_keys", ["evicted_keys", "maxmemory_human", "maxmemory_policy", "used_memory_human"]),
        ("hit_ratio", ["keyspace_hits", "keyspace_misses", "expired_keys", "evicted_keys"]),
        ("clients", ["connected_clients", "maxclients", "blocked_clients", "rejected_connections"]),
        ("rejected_connections", ["rejected_connections", "connected_clients", "maxclients"]),
    ];

    public static void Collect(RedisInfo info, ProbeResult result, ProbeContext context)
    {
        var m = result.Measurements;
        var role = info["role"];
        if (role is not null)
        {
            m.Set(V.Role, role);
        }

        Memory(info, result);
        SetNumber(m, V.EvictedKeys, info, "evicted_keys");
        SetNumber(m, V.RejectedConnections, info, "rejected_connections");
        if (info.Number("evicted_keys") > 0)
        {
            result.Hints.Add(RedisHints.Evictions);
        }

        var hits = info.Number("keyspace_hits");
        var misses = info.Number("keyspace_misses");
        if (hits is { } h && misses is { } mi && h + mi > 0)
        {
            m.Set(V.HitRatio, h / (h + mi));
            if (h / (h + mi) < LowHitRatio)
            {
                result.Hints.Add(RedisHints.LowHitRatio);
            }
        }
        else
        {
            m.SetAbsent(V.HitRatio, "no key has been looked up since the statistics were reset");
        }

        Clients(info, result);
        AddEvidence(info, result, context);
    }

    private static void Memory(RedisInfo info, ProbeResult result)
    {
        var m = result.Measurements;
        SetNumber(m, V.MemoryUsed, info, "used_memory");
        SetNumber(m, V.MemoryMax, info, "maxmemory");
        SetNumber(m, V.MemoryFragmentation, info, "mem_fragmentation_ratio");
        if (info["maxmemory_policy"] is { } policy)
        {
            m.Set(V.MemoryPolicy, policy);
        }

        var used = info.Number("used_memory");
        var max = info.Number("maxmemory");
        if (max is not > 0)
        {
            m.SetAbsent(V.MemoryRatio, "maxmemory is 0: this Redis has no memory limit");
            return;
        }

        var ratio = used / max;
        m.Set(V.MemoryRatio, ratio);
        if (ratio >= HighRatio)
        {
            result.Hints.Add(RedisHints.MemoryHigh);
        }

        var (keys, expires) = info.KeyTotals();
        if (info["maxmemory_policy"]?.StartsWith("volatile-", StringComparison.Ordinal) == true && keys > 0 && expires == 0)
        {
            result.Hints.Add(RedisHints.NoTtl);
        }
    }

    private static void Clients(RedisInfo info, ProbeResult result)
    {
        var m = result.Measurements;
        SetNumber(m, V.ClientsConnected, info, "connected_clients");
        SetNumber(m, V.ClientsMax, info, "maxclients");
        SetNumber(m, V.ClientsBlocked, info, "blocked_clients");
        var connected = info.Number("connected_clients");
        var max = info.Number("maxclients");
        if (connected is { } c && max is > 0)
        {
            m.Set(V.ClientsRatio, c / max!.Value);
            if (c / max.Value >= HighRatio || info.Number("rejected_connections") > 0)
            {
                result.Hints.Add(RedisHints.Clients);
            }
        }
        else
        {
            m.SetAbsent(V.ClientsRatio, "INFO reports no maxclients");
        }
    }

    private static void AddEvidence(RedisInfo info, ProbeResult result, ProbeContext context)
    {
        var fields = FieldsBehind
            .Where(f => context.NeedsPath(f.Prefix) || Notable(info, f.Prefix))
            .SelectMany(f => f.Fields)
            .Distinct(StringComparer.Ordinal)
            .Where(f => info[f] is not null)
            .ToList();
        if (fields.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var field in fields)
        {
            text.Append(CultureInfo.InvariantCulture, $"{field}:{info[field]}\n");
        }

        foreach (var (db, value) in info.Keyspace)
        {
            text.Append(CultureInfo.InvariantCulture, $"{db}:{value}\n");
        }

        result.Evidence.Add(new Evidence("Redis INFO figures", context.Secrets.Redact(text.ToString().TrimEnd('\n'))));
    }

    /// <summary>Figures worth showing even when no assertion names them: a limit nearly reached, keys evicted, connections refused.</summary>
    private static bool Notable(RedisInfo info, string prefix) => prefix switch
    {
        "memory" => info.Number("maxmemory") is > 0 && info.Number("used_memory") / info.Number("maxmemory") >= HighRatio,
        "evicted_keys" => info.Number("evicted_keys") > 0,
        "rejected_connections" => info.Number("rejected_connections") > 0,
        _ => false,
    };

    private static void SetNumber(Measurements m, string path, RedisInfo info, string field)
    {
        if (info.Number(field) is { } value)
        {
            m.Set(path, value);
        }
        else
        {
            m.SetAbsent(path, $"INFO does not report {field}");
        }
    }
}
