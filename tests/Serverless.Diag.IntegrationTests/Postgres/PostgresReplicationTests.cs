using Npgsql;
using Serverless.Diag.Postgres;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Postgres;

/// <summary>A real primary with a real streaming standby; replay is paused on the standby to create lag.</summary>
public sealed class PostgresReplicationTests
{
    private const string PlantedPassword = "Pl4nted-repl-S3cret";

    private readonly ProbeHarness _harness = new(new PostgresProbeFactory());

    [PostgresFact]
    public async Task Lag_is_measured_on_the_primary_and_on_the_standby()
    {
        await using var primary = await PostgresServer.StartAsync(new PostgresServerOptions { Password = PlantedPassword });
        await using var standby = await PostgresServer.StartStandbyAsync(primary);
        await ExecuteAsync(primary, "CREATE TABLE events (id serial PRIMARY KEY, payload text); INSERT INTO events (payload) VALUES ('first')");
        await WaitAsync(standby, "pg_last_xact_replay_timestamp() IS NOT NULL AND EXISTS (SELECT 1 FROM pg_class WHERE relname = 'events')");

        var caughtUp = await _harness.RunAsync([("connection", primary.ConnectionString())]);
        Assert.Null(caughtUp.Error);
        Assert.Equal("primary", caughtUp.Measurements.Lookup("replication.role").Value);
        Assert.Equal(1, ProbeHarness.Number(caughtUp, "replication.standbys"));
        Assert.True(ProbeHarness.Number(caughtUp, "replication.lag_bytes") >= 0);

        await ExecuteAsync(standby, "SELECT pg_wal_replay_pause()");
        await ExecuteAsync(primary, "INSERT INTO events (payload) SELECT repeat('x', 200) FROM generate_series(1, 5000)");
        await WaitAsync(standby, "pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()");
        await Task.Delay(1200);

        var onStandby = await _harness.RunAsync([("connection", standby.ConnectionString())]);
        var onPrimary = await _harness.RunAsync([("connection", primary.ConnectionString())]);

        Assert.Null(onStandby.Error);
        Assert.Equal("standby", onStandby.Measurements.Lookup("replication.role").Value);
        Assert.True(ProbeHarness.Number(onStandby, "replication.lag_bytes") > 100_000);
        Assert.True(ProbeHarness.Number(onStandby, "replication.lag_seconds") >= 1);
        Assert.True(ProbeHarness.Number(onStandby, "connections.used") >= 1); // the rest works on a hot standby
        Assert.True(ProbeHarness.Number(onPrimary, "replication.lag_bytes") > 100_000);
        ProbeHarness.AssertNoSecret(onStandby, PlantedPassword);

        await ExecuteAsync(standby, "SELECT pg_wal_replay_resume()");
    }

    private static async Task ExecuteAsync(PostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task WaitAsync(PostgresServer server, string condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT {condition}", connection);
        while (await command.ExecuteScalarAsync() is not true)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for: {condition}");
            await Task.Delay(100);
        }
    }
}
