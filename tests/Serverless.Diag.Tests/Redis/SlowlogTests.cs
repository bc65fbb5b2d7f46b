using Serverless.Diag.Redis;
using Serverless.Diag.Secrets;
using StackExchange.Redis;

namespace Serverless.Diag.Tests.Redis;

public sealed class SlowlogTests
{
    [Fact]
    public void The_reference_slowlog_reply_is_read_with_client_addresses()
    {
        var entries = SlowlogEntry.FromReply(ReferenceReply());

        Assert.Equal(2, entries.Count);
        Assert.Equal(3, entries[0].Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795420571), entries[0].Time);
        Assert.Equal(TimeSpan.FromTicks(89 * TimeSpan.TicksPerMicrosecond), entries[0].Duration);
        Assert.Equal(["info"], entries[0].Arguments);
        Assert.Equal("127.0.0.1:49158", entries[0].Client);
        Assert.Equal(["get", "missing"], entries[1].Arguments);
        Assert.Equal(string.Empty, entries[1].ClientName);
    }

    [Fact]
    public void Evidence_shows_each_entry_with_arguments_cut_and_secrets_masked()
    {
        var secrets = new SecretRedactor();
        secrets.Add("Pl4nted-token-S3cret");
        var entries = new List<SlowlogEntry>
        {
            new(7, DateTimeOffset.FromUnixTimeSeconds(1795420571), TimeSpan.FromMilliseconds(12.5), ["SET", "session:1", "Pl4nted-token-S3cret"], "10.0.0.5:5000", "api"),
            new(6, DateTimeOffset.FromUnixTimeSeconds(1795420570), TimeSpan.FromMilliseconds(3), ["SET", "blob", new string('v', 500)], "10.0.0.6:5000", ""),
        };

        var text = SlowlogEvidence.Render(entries, secrets);

        Assert.DoesNotContain("Pl4nted-token-S3cret", text, StringComparison.Ordinal);
        Assert.Contains("SET session:1 ***", text);
        Assert.Contains("12.5ms", text);
        Assert.Contains("10.0.0.5:5000 (api)", text);
        Assert.Contains("2026-11-23", text); // unix 1795420571 in UTC
        Assert.DoesNotContain(new string('v', 41), text);
        Assert.Equal(3, text.Split('\n').Length);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(30)]
    public void A_secret_cut_by_redis_or_by_the_evidence_shows_none_of_its_characters(int secretAt)
    {
        const string secret = "RS7#QZ9!XW2@VR5%LM8";
        var secrets = new SecretRedactor();
        secrets.Add(secret);
        var value = new string('v', secretAt) + secret + new string('w', 200);

        // Redis keeps 128 bytes of a long argument and says how many it dropped; then the evidence cuts it to 40 characters.
        var cutByRedis = value[..(secretAt + 5)] + $"... ({value.Length - secretAt - 5} more bytes)";
        var text = SlowlogEvidence.Render(
            [
                new(1, DateTimeOffset.FromUnixTimeSeconds(1795420571), TimeSpan.FromMilliseconds(12.5), ["SET", "k", cutByRedis], "10.0.0.5:5000", ""),
                new(2, DateTimeOffset.FromUnixTimeSeconds(1795420571), TimeSpan.FromMilliseconds(12.5), ["SET", "k", value], "10.0.0.5:5000", ""),
            ],
            secrets);

        TestKit.Secrets.SecretLeaks.AssertAbsent(text, [secret], fragment: 2);
    }

    [Fact]
    public void A_reply_that_is_not_an_array_gives_no_entries()
    {
        Assert.Empty(SlowlogEntry.FromReply(RedisResult.Create((RedisValue)"OK", ResultType.SimpleString)));
    }

    /// <summary>Rebuilds the RESP reply from redis-cli's flat rendering in the reference file.</summary>
    private static RedisResult ReferenceReply()
    {
        var lines = RedisReferenceOutput.Slowlog.Split('\n');
        var groups = new List<List<string>>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                groups.Add(current);
                current = [];
            }
            else
            {
                current.Add(line);
            }
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return RedisResult.Create([.. groups.Select(g => RedisResult.Create(
        [
            Int(g[0]), Int(g[1]), Int(g[2]),
            RedisResult.Create([.. g.Skip(3).Take(g.Count - 4).Select(a => RedisResult.Create((RedisValue)a, ResultType.BulkString))]),
            RedisResult.Create((RedisValue)g[^1], ResultType.BulkString),
            RedisResult.Create((RedisValue)string.Empty, ResultType.BulkString),
        ]))]);
    }

    private static RedisResult Int(string text) => RedisResult.Create((RedisValue)long.Parse(text, System.Globalization.CultureInfo.InvariantCulture), ResultType.Integer);
}
