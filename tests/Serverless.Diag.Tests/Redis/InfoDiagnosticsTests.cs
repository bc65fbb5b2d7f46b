using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;
using Serverless.Diag.Redis;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Tests.Redis;

public sealed class InfoDiagnosticsTests
{
    [Fact]
    public void The_reference_server_gives_every_figure_and_no_ratio_without_maxmemory()
    {
        var result = Collect(RedisReferenceOutput.Info);
        var m = result.Measurements;

        Assert.Equal(967232d, m.Lookup("memory.used").Value);
        Assert.Equal(0d, m.Lookup("memory.max").Value);
        Assert.Contains("maxmemory is 0", m.Lookup("memory.ratio").MissingReason);
        Assert.Equal("noeviction", m.Lookup("memory.policy").Value);
        Assert.Equal(7.64, m.Lookup("memory.fragmentation").Value);
        Assert.Equal(0.5, m.Lookup("hit_ratio").Value); // 1 hit, 1 miss
        Assert.Equal(0d, m.Lookup("evicted_keys").Value);
        Assert.Equal(0d, m.Lookup("rejected_connections").Value);
        Assert.Equal(1d, m.Lookup("clients.connected").Value);
        Assert.Equal(10000d, m.Lookup("clients.max").Value);
        Assert.Equal(0.0001, m.Lookup("clients.ratio").Value);
        Assert.Equal(0d, m.Lookup("clients.blocked").Value);
        Assert.Equal("master", m.Lookup("role").Value);
        Assert.Empty(result.Evidence); // nothing asserted, nothing notable
        Assert.Contains(result.Hints, h => h.Contains("hit ratio", StringComparison.Ordinal)); // 50 % is low
    }

    [Fact]
    public void The_info_figures_behind_asserted_paths_become_evidence()
    {
        var result = Collect(RedisReferenceOutput.Info, "memory.fragmentation", "clients.ratio");

        var evidence = Assert.Single(result.Evidence);
        Assert.Equal("Redis INFO figures", evidence.Title);
        Assert.Contains("mem_fragmentation_ratio:7.64", evidence.Content);
        Assert.Contains("used_memory_human:944.56K", evidence.Content);
        Assert.Contains("maxclients:10000", evidence.Content);
        Assert.Contains("db0:keys=1,expires=0,avg_ttl=0", evidence.Content);
        Assert.DoesNotContain("keyspace_hits", evidence.Content); // hit_ratio was not asserted
    }

    [Fact]
    public void Memory_near_maxmemory_evictions_and_a_ttl_less_volatile_policy_each_get_their_hint()
    {
        var info = RedisReferenceOutput.Info
            .Replace("maxmemory:0", "maxmemory:1048576", StringComparison.Ordinal)
            .Replace("maxmemory_policy:noeviction", "maxmemory_policy:volatile-lru", StringComparison.Ordinal)
            .Replace("evicted_keys:0", "evicted_keys:12", StringComparison.Ordinal);

        var result = Collect(info);

        Assert.Equal(967232d / 1048576, result.Measurements.Lookup("memory.ratio").Value);
        Assert.Contains(result.Hints, h => h.StartsWith("Memory is close to maxmemory", StringComparison.Ordinal));
        Assert.Contains(result.Hints, h => h.StartsWith("Keys are being evicted", StringComparison.Ordinal));
        Assert.Contains(result.Hints, h => h.Contains("no key has one", StringComparison.Ordinal));
        Assert.Contains("evicted_keys:12", Assert.Single(result.Evidence).Content); // notable even when not asserted
    }

    [Fact]
    public void No_lookups_yet_means_no_hit_ratio_rather_than_zero()
    {
        var info = RedisReferenceOutput.Info.Replace("keyspace_hits:1", "keyspace_hits:0", StringComparison.Ordinal).Replace("keyspace_misses:1", "keyspace_misses:0", StringComparison.Ordinal);

        Assert.False(Collect(info).Measurements.Lookup("hit_ratio").Found);
    }

    private static ProbeResult Collect(string infoText, params string[] asserted)
    {
        var result = new ProbeResult();
        var context = new ProbeContext
        {
            Environment = "staging",
            CheckName = "cache",
            Timeout = TimeSpan.FromSeconds(5),
            TimeProvider = TimeProvider.System,
            Logger = NullLogger.Instance,
            Secrets = new SecretRedactor(),
            Assertions = [.. asserted.Select(p => new Assertion($"{p} exists", AssertionLevel.Fail, p, AssertionOperator.Exists, null))],
        };
        InfoDiagnostics.Collect(RedisInfo.Parse(infoText), result, context);
        return result;
    }
}
