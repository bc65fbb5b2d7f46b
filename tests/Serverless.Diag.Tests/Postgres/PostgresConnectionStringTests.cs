using Npgsql;
using Serverless.Diag.Postgres;

namespace Serverless.Diag.Tests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void A_libpq_url_maps_onto_npgsql_with_escaped_credentials()
    {
        var builder = PostgresConnectionString.TryParse("postgresql://app%40corp:p%40ss%2Fw0rd@db.internal:6432/orders?sslmode=verify-full&connect_timeout=7", out var error);

        Assert.Null(error);
        Assert.Equal("app@corp", builder!.Username);
        Assert.Equal("p@ss/w0rd", builder.Password);
        Assert.Equal("db.internal:6432", builder.Host);
        Assert.Equal("orders", builder.Database);
        Assert.Equal(SslMode.VerifyFull, builder.SslMode);
        Assert.Equal(7, builder.Timeout);
    }

    [Fact]
    public void Several_hosts_in_a_url_become_npgsql_multi_host()
    {
        var builder = PostgresConnectionString.TryParse("postgres://u:p@primary:5432,standby:5433/app?target_session_attrs=read-write", out _);

        Assert.Equal("primary:5432,standby:5433", builder!.Host);
        Assert.Equal("read-write", builder.TargetSessionAttributes);
    }

    [Fact]
    public void A_key_value_string_is_read_as_npgsql_writes_it()
    {
        var builder = PostgresConnectionString.TryParse("Host=localhost;Port=5433;Username=u;Password=p;Database=d", out var error);

        Assert.Null(error);
        Assert.Equal(5433, builder!.Port);
    }

    [Theory]
    [InlineData("Host=;Username=u")]
    [InlineData("Hostt=localhost")]
    [InlineData("postgresql://u:p@/db")]
    public void A_connection_without_a_host_or_with_unknown_keys_is_refused(string text)
    {
        Assert.Null(PostgresConnectionString.TryParse(text, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void The_probes_settings_override_pooling_and_timeouts()
    {
        var parsed = PostgresConnectionString.TryParse("Host=h;Pooling=true;Timeout=300;Command Timeout=0", out _)!;

        var builder = new NpgsqlConnectionStringBuilder(PostgresConnectionString.ForProbe(parsed, TimeSpan.FromMilliseconds(2500)));

        Assert.False(builder.Pooling);
        Assert.False(builder.Multiplexing);
        Assert.Equal(3, builder.Timeout);
        Assert.Equal(3, builder.CommandTimeout);
        Assert.Equal(PostgresConnectionString.ApplicationName, builder.ApplicationName);
    }
}
