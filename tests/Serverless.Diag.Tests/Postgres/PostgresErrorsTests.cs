using System.Net.Sockets;
using Npgsql;
using Serverless.Diag.Postgres;

namespace Serverless.Diag.Tests.Postgres;

public sealed class PostgresErrorsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("28P01", "auth")]
    [InlineData("28000", "auth")]
    [InlineData("53300", "too_many_connections")]
    [InlineData("3D000", "database_missing")]
    [InlineData("57P03", "starting_up")]
    [InlineData("57014", "timeout")]
    [InlineData("55P03", "timeout")]
    [InlineData("08006", "network")]
    [InlineData("42601", "internal")]
    public void Server_errors_are_classified_by_sqlstate(string sqlState, string cause)
    {
        var (classified, message, _) = PostgresErrors.Classify(new PostgresException("boom", "FATAL", "FATAL", sqlState), Timeout, Diag.Probes.ErrorCause.Internal);

        Assert.Equal(cause, classified.Name);
        Assert.Contains(sqlState, message);
    }

    [Fact]
    public void A_failing_user_query_keeps_the_cause_of_its_stage()
    {
        var (cause, _, _) = PostgresErrors.Classify(new PostgresException("read-only", "ERROR", "ERROR", "25006"), Timeout, PostgresCauses.Query);

        Assert.Equal("query", cause.Name);
    }

    [Fact]
    public void Socket_failures_inside_npgsql_exceptions_are_named()
    {
        Assert.Equal("refused", Classify(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Equal("dns", Classify(new SocketException((int)SocketError.HostNotFound)));
        Assert.Equal("timeout", Classify(new TimeoutException()));
        Assert.Equal("tls", Classify(new System.Security.Authentication.AuthenticationException("bad certificate")));
        Assert.Equal("timeout", PostgresErrors.Classify(new OperationCanceledException(), Timeout, PostgresCauses.Query).Cause.Name);
    }

    private static string Classify(Exception inner) =>
        PostgresErrors.Classify(new NpgsqlException("Failed to connect", inner), Timeout, Diag.Probes.ErrorCause.Internal).Cause.Name;
}
