using Serverless.Diag.Postgres;

namespace Serverless.Diag.Tests.Postgres;

public sealed class PostgresProbeFactoryTests
{
    private const string Secret = "Pl4nted-unit-S3cret";
    private static readonly string Connection = $"Host=db.internal;Username=app;Password={Secret};Database=app";

    [Fact]
    public void A_valid_check_builds_a_probe_and_registers_the_password_as_a_secret()
    {
        var harness = new FactoryHarness(new PostgresProbeFactory());

        var probe = harness.Create(("connection", Connection), ("query", "SELECT 1"), ("long_running_threshold", "5s"));

        Assert.NotNull(probe);
        Assert.Empty(harness.Diagnostics.Errors);
        Assert.Equal("host=*** x", harness.Secrets.Redact($"host={Secret} x"));
    }

    [Fact]
    public void The_probe_connects_unpooled_read_only_and_named_whatever_the_user_wrote()
    {
        var harness = new FactoryHarness(new PostgresProbeFactory(), TimeSpan.FromSeconds(10));

        var probe = (PostgresProbe?)harness.Create(("connection", Connection + ";Pooling=true;Application Name=mine;Maximum Pool Size=100"));
        var options = probe!.Options;
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);

        Assert.False(builder.Pooling);
        Assert.Equal("serverless-diag", builder.ApplicationName);
        Assert.Equal(10, builder.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(8), options.StatementTimeout); // below the check's 10 s
        Assert.Equal(TimeSpan.FromSeconds(30), options.LongRunningThreshold);
    }

    [Fact]
    public void A_missing_connection_is_reported_at_the_check()
    {
        var harness = new FactoryHarness(new PostgresProbeFactory());

        Assert.Null(harness.Create(("query", "SELECT 1")));

        var error = harness.SingleError();
        Assert.Equal(FactoryHarness.CheckMark, error.Mark);
        Assert.Contains("needs 'connection'", error.Message);
    }

    [Fact]
    public void A_statement_timeout_not_below_the_check_timeout_is_refused_at_its_position()
    {
        var harness = new FactoryHarness(new PostgresProbeFactory(), TimeSpan.FromSeconds(5));

        Assert.Null(harness.Create(("connection", Connection), ("statement_timeout", "5s")));

        var error = harness.SingleError();
        Assert.Equal(5, error.Mark.Line);
        Assert.Contains("below the check's timeout (5s)", error.Message);
    }

    [Fact]
    public void Every_bad_setting_is_reported_at_once()
    {
        var harness = new FactoryHarness(new PostgresProbeFactory());

        Assert.Null(harness.Create(("connection", "postgresql://app:" + Secret + "@db/app?bogus_param=1"), ("long_running_threshold", "soon"), ("query", " ")));

        Assert.Equal(3, harness.Diagnostics.Errors.Count);
        Assert.All(harness.Diagnostics.Errors, e => Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal));
        Assert.Contains(harness.Diagnostics.Errors, e => e.Message.Contains("bogus_param", StringComparison.Ordinal));
    }

    [Fact]
    public void The_vocabulary_knows_the_documented_paths_and_refuses_typos()
    {
        var vocabulary = new PostgresProbeFactory().Vocabulary;

        foreach (var path in new[]
        {
            "connected", "latency", "connections.used", "connections.max", "connections.ratio", "long_running.count", "long_running.max_seconds",
            "blocked.count", "idle_in_transaction.count", "idle_in_transaction.max_seconds", "cache_hit_ratio", "replication.lag_seconds",
            "replication.lag_bytes", "statements.slowest_mean_ms", "size_bytes", "query.value", "query.rows",
        })
        {
            Assert.True(vocabulary.Knows(path), path);
        }

        Assert.False(vocabulary.Knows("connections.ration"));
        Assert.False(vocabulary.Knows("lateny"));
    }
}
