using Serverless.Diag.Redis;
using Serverless.Diag.Tests.Postgres;
using StackExchange.Redis;

namespace Serverless.Diag.Tests.Redis;

public sealed class RedisProbeFactoryTests
{
    private const string Secret = "Pl4nted-unit-redis";

    [Fact]
    public void A_write_command_is_refused_at_the_position_of_its_value()
    {
        var harness = new FactoryHarness(new RedisProbeFactory());

        Assert.Null(harness.Create(("connection", $"cache:6379,password={Secret}"), ("command", "FLUSHALL")));

        var error = harness.SingleError();
        Assert.Equal(5, error.Mark.Line);
        Assert.Equal(7 + "command".Length, error.Mark.Column);
        Assert.Contains("read-only command", error.Message);
        Assert.Contains("LLEN", error.Message);
    }

    [Fact]
    public void The_probe_is_a_good_citizen_whatever_the_user_wrote()
    {
        var harness = new FactoryHarness(new RedisProbeFactory(), TimeSpan.FromSeconds(4));

        var probe = (RedisProbe?)harness.Create(("connection", $"cache:6380,password={Secret},ssl=true,name=mine,abortConnect=false,connectRetry=5"));
        var options = probe!.Options.Configuration;

        Assert.Equal("serverless-diag", options.ClientName);
        Assert.True(options.AllowAdmin);
        Assert.True(options.AbortOnConnectFail);
        Assert.Equal(1, options.ConnectRetry);
        Assert.Equal(4000, options.ConnectTimeout);
        Assert.Equal(4000, options.AsyncTimeout);
        Assert.True(options.Ssl);
        Assert.Equal(string.Empty, options.TieBreaker);
        Assert.Equal("*** x", harness.Secrets.Redact($"{Secret} x"));
    }

    [Theory]
    [InlineData("redis://:pw%40x@cache.internal:6390/2", "cache.internal", 6390, null, "pw@x", 2, false)]
    [InlineData("rediss://alice:pw@cache.internal", "cache.internal", 6379, "alice", "pw", null, true)]
    [InlineData("redis://default:pw@cache", "cache", 6379, null, "pw", null, false)]
    public void A_url_maps_onto_the_client_options(string url, string host, int port, string? user, string password, int? database, bool ssl)
    {
        var options = RedisConnectionSettings.TryParse(url, out var error);

        Assert.Null(error);
        var endPoint = Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(options!.EndPoints));
        Assert.Equal((host, port), (endPoint.Host, endPoint.Port));
        Assert.Equal(user, options.User);
        Assert.Equal(password, options.Password);
        Assert.Equal(database, options.DefaultDatabase);
        Assert.Equal(ssl, options.Ssl);
    }

    [Theory]
    [InlineData("cache:6379,passwrd=x")]
    [InlineData("password=x")]
    [InlineData("redis://:pw@cache/notanumber")]
    public void A_bad_connection_is_refused_without_repeating_it(string connection)
    {
        var harness = new FactoryHarness(new RedisProbeFactory());

        Assert.Null(harness.Create(("connection", connection.Replace("x", Secret, StringComparison.Ordinal))));

        var error = harness.SingleError();
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replies_become_report_scalars()
    {
        Assert.Equal(3d, RedisProbe.Scalar(RedisResult.Create((RedisValue)3L, ResultType.Integer)));
        Assert.Equal(42d, RedisProbe.Scalar(RedisResult.Create((RedisValue)"42", ResultType.BulkString)));
        Assert.Equal("ready", RedisProbe.Scalar(RedisResult.Create((RedisValue)"ready", ResultType.BulkString)));
        Assert.Null(RedisProbe.Scalar(RedisResult.Create(RedisValue.Null, ResultType.BulkString)));
    }

    [Fact]
    public void The_vocabulary_knows_the_documented_paths()
    {
        var vocabulary = new RedisProbeFactory().Vocabulary;

        foreach (var path in new[]
        {
            "connected", "latency", "roundtrip_ok", "memory.used", "memory.max", "memory.ratio", "memory.policy", "memory.fragmentation", "hit_ratio",
            "evicted_keys", "rejected_connections", "clients.connected", "clients.max", "clients.ratio", "clients.blocked", "slowlog.count", "command.value",
        })
        {
            Assert.True(vocabulary.Knows(path), path);
        }

        Assert.False(vocabulary.Knows("memory.percent"));
    }
}
