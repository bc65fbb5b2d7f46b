using Serverless.Diag.Redis;

namespace Serverless.Diag.Tests.Redis;

public sealed class RedisCommandTests
{
    [Theory]
    [InlineData("LLEN jobs", "LLEN", "jobs")]
    [InlineData("llen   jobs ", "LLEN", "jobs")]
    [InlineData("XLEN events", "XLEN", "events")]
    [InlineData("SCARD online", "SCARD", "online")]
    [InlineData("ZCARD delayed", "ZCARD", "delayed")]
    [InlineData("HLEN sessions", "HLEN", "sessions")]
    [InlineData("GET \"queue size\"", "GET", "queue size")]
    [InlineData("EXISTS a b c", "EXISTS", "a b c")]
    [InlineData("TTL lock:leader", "TTL", "lock:leader")]
    [InlineData("DBSIZE", "DBSIZE", "")]
    public void Read_only_scalar_commands_are_accepted(string text, string name, string arguments)
    {
        var command = RedisCommand.TryParse(text, out var error);

        Assert.Null(error);
        Assert.Equal(name, command!.Name);
        Assert.Equal(arguments, string.Join(' ', command.Arguments));
    }

    [Theory]
    [InlineData("SET jobs 1", "may only be a read-only command")]
    [InlineData("DEL jobs", "may only be a read-only command")]
    [InlineData("FLUSHALL", "may only be a read-only command")]
    [InlineData("KEYS *", "may only be a read-only command")]
    [InlineData("CONFIG GET maxmemory", "may only be a read-only command")]
    [InlineData("EVAL \"return 1\" 0", "may only be a read-only command")]
    [InlineData("LLEN", "takes one key, not 0 arguments")]
    [InlineData("LLEN a b", "takes one key, not 2 arguments")]
    [InlineData("DBSIZE 0", "takes no argument, not 1 argument")]
    [InlineData("EXISTS", "takes at least one key")]
    [InlineData("GET \"unclosed", "unclosed quote")]
    [InlineData("   ", "is empty")]
    public void Anything_else_is_refused_with_the_reason(string text, string reason)
    {
        Assert.Null(RedisCommand.TryParse(text, out var error));
        Assert.Contains(reason, error);
    }
}
