using Npgsql;
using Serverless.Diag.Postgres;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Postgres;

/// <summary>
/// A server with max_connections = 10 (3 reserved for superusers, so 7 for ordinary roles) and pg_stat_statements
/// created but not preloaded: connections are filled for real until the server refuses them.
/// </summary>
public sealed class PostgresConnectionLimitTests
{
    private const string PlantedPassword = "Pl4nted-limit-S3cret";

    private readonly ProbeHarness _harness = new(new PostgresProbeFactory());

    [PostgresFact]
    public async Task Connections_near_a_small_max_connections_raise_the_ratio_then_a_full_server_is_too_many_connections()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { Password = PlantedPassword, MaxConnections = 10, SuperuserReservedConnections = 3 });
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var n = 0; n < 5; n++)
            {
                held.Add(await OpenAsync(server, $"diag-test-filler-{n}"));
            }

            var nearlyFull = await _harness.RunAsync([("connection", server.ConnectionString())], "connections.ratio");

            Assert.Null(nearlyFull.Error);
            Assert.Equal(6, ProbeHarness.Number(nearlyFull, "connections.used")); // five fillers and the probe
            Assert.Equal(7, ProbeHarness.Number(nearlyFull, "connections.max"));
            Assert.Equal(6 / 7.0, ProbeHarness.Number(nearlyFull, "connections.ratio"), 6);
            Assert.Contains(nearlyFull.Hints, h => h.Contains("PgBouncer", StringComparison.Ordinal) && h.Contains("max_overflow", StringComparison.Ordinal));

            // A superuser may take the reserved slots too; after all ten, nobody gets in.
            for (var n = 5; n < 10; n++)
            {
                held.Add(await OpenAsync(server, $"diag-test-filler-{n}"));
            }

            var full = await _harness.RunAsync([("connection", server.ConnectionString())]);

            Assert.Equal("too_many_connections", full.Error?.Cause.Name);
            Assert.Contains("53300", full.Error!.Message);
            Assert.Contains(full.Hints, h => h.Contains("PgBouncer", StringComparison.Ordinal));
            ProbeHarness.AssertNoSecret(full, PlantedPassword);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task Pg_stat_statements_created_but_not_preloaded_is_absent_with_how_to_load_it()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { Password = PlantedPassword });
        await using (var admin = await OpenAsync(server, "diag-test-admin"))
        await using (var create = new NpgsqlCommand("CREATE EXTENSION pg_stat_statements", admin))
        {
            await create.ExecuteNonQueryAsync();
        }

        var result = await _harness.RunAsync([("connection", server.ConnectionString())], "statements.slowest_mean_ms");

        Assert.Null(result.Error);
        var lookup = result.Measurements.Lookup("statements.slowest_mean_ms");
        Assert.False(lookup.Found);
        Assert.Contains("not loaded", lookup.MissingReason);
        Assert.Contains(result.Hints, h => h.Contains("shared_preload_libraries", StringComparison.Ordinal));
    }

    private static async Task<NpgsqlConnection> OpenAsync(PostgresServer server, string name)
    {
        var connection = new NpgsqlConnection(server.ConnectionString(applicationName: name));
        await connection.OpenAsync();
        return connection;
    }
}
