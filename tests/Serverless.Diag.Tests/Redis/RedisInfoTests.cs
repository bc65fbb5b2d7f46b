using Serverless.Diag.Redis;

namespace Serverless.Diag.Tests.Redis;

public sealed class RedisInfoTests
{
    private static readonly RedisInfo Info = RedisInfo.Parse(RedisReferenceOutput.Info);

    [Fact]
    public void Fields_of_every_section_are_read_from_real_info_output()
    {
        Assert.Equal("7.0.15", Info["redis_version"]);
        Assert.Equal(967232, Info.Number("used_memory"));
        Assert.Equal(0, Info.Number("maxmemory"));
        Assert.Equal("noeviction", Info["maxmemory_policy"]);
        Assert.Equal(7.64, Info.Number("mem_fragmentation_ratio"));
        Assert.Equal(10000, Info.Number("maxclients"));
        Assert.Equal("master", Info["role"]);
        Assert.Equal("Memory", Info.SectionOf("used_memory"));
        Assert.Equal("Linux 6.18.44-fc-v669 x86_64", Info["os"]); // values may hold spaces and colons
    }

    [Fact]
    public void Human_and_percent_values_are_not_numbers()
    {
        Assert.Null(Info.Number("used_memory_human"));
        Assert.Null(Info.Number("used_memory_peak_perc"));
        Assert.Null(Info.Number("no_such_field"));
    }

    [Fact]
    public void The_keyspace_lines_give_keys_and_expiring_keys()
    {
        Assert.Equal(("db0", "keys=1,expires=0,avg_ttl=0"), (Info.Keyspace.Single().Key, Info.Keyspace.Single().Value));
        Assert.Equal((1d, 0d), Info.KeyTotals());
    }

    [Fact]
    public void Windows_line_endings_and_empty_sections_are_harmless()
    {
        var info = RedisInfo.Parse("# Server\r\nredis_version:7.2.4\r\n\r\n# Modules\r\n\r\n# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=10\r\ndb1:keys=4,expires=0,avg_ttl=0\r\n");

        Assert.Equal("7.2.4", info["redis_version"]);
        Assert.Equal((7d, 2d), info.KeyTotals());
    }
}
