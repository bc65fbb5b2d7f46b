#pragma warning disable CS0618 // the exceptions are built as the client library builds them; the newer overloads add flags these tests do not care about

using Serverless.Diag.Probes;
using Serverless.Diag.Redis;
using StackExchange.Redis;

namespace Serverless.Diag.Tests.Redis;

public sealed class RedisErrorsTests
{
    [Theory]
    [InlineData("WRONGPASS invalid username-password pair or user is disabled.", "auth")]
    [InlineData("NOAUTH Authentication required.", "auth")]
    [InlineData("LOADING Redis is loading the dataset in memory", "loading")]
    [InlineData("OOM command not allowed when used memory > 'maxmemory'.", "oom")]
    [InlineData("READONLY You can't write against a read only replica.", "readonly")]
    [InlineData("NOPERM this user has no permissions to run the 'info' command", "not_allowed")]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", "command")]
    [InlineData("ERR the ROOM key is odd", "command")] // OOM only as a whole word
    public void Server_replies_are_classified_by_their_code(string reply, string cause)
    {
        var (classified, _, _) = RedisErrors.Classify(new RedisServerException(reply), TimeSpan.FromSeconds(5), RedisCauses.Command);

        Assert.Equal(cause, classified.Name);
    }

    [Fact]
    public void An_auth_failure_wrapped_in_a_connection_exception_is_auth()
    {
        var e = new RedisConnectionException(ConnectionFailureType.AuthenticationFailure, "It was not possible to connect", new RedisServerException("WRONGPASS invalid"));

        Assert.Equal(ErrorCause.Auth, RedisErrors.Classify(e, TimeSpan.FromSeconds(5), ErrorCause.Protocol).Cause);
    }

    [Fact]
    public void Timeouts_and_cancellation_are_timeouts_with_the_checks_limit()
    {
        var (cause, message, _) = RedisErrors.Classify(new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent), TimeSpan.FromSeconds(5), ErrorCause.Protocol);

        Assert.Equal(ErrorCause.Timeout, cause);
        Assert.Contains("5s", message);
        Assert.Equal(ErrorCause.Timeout, RedisErrors.Classify(new OperationCanceledException(), TimeSpan.FromSeconds(5), ErrorCause.Protocol).Cause);
    }
}
