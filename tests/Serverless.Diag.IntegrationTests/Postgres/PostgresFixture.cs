using Npgsql;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Postgres;

/// <summary>
/// One throwaway PostgreSQL for a test class: pg_stat_statements preloaded and created in <c>postgres</c>, a second
/// database <c>plain</c> without it, a <c>jobs</c> table, and a role that may not read pg_stat_statements.
/// The superuser's password is a planted secret the tests look for in every output.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string PlantedPassword = "Pl4nted-pg-S3cret";
    public const string LimitedRole = "limited_monitor";
    public const string LimitedPassword = "Pl4nted-limited-S3cret";

    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync(new PostgresServerOptions { Password = PlantedPassword, PreloadPgStatStatements = true });
        await ExecuteAsync("CREATE EXTENSION pg_stat_statements");
        await ExecuteAsync("CREATE DATABASE plain");
        await ExecuteAsync("CREATE TABLE jobs (id int PRIMARY KEY, status text NOT NULL)");
        await ExecuteAsync("INSERT INTO jobs SELECT g, CASE WHEN g % 10 = 0 THEN 'stuck' ELSE 'done' END FROM generate_series(1, 100) AS g");
        await ExecuteAsync($"CREATE ROLE {LimitedRole} LOGIN PASSWORD '{LimitedPassword}'");
        await ExecuteAsync("REVOKE ALL ON pg_stat_statements FROM PUBLIC");
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString(database: database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString(applicationName: "diag-test-admin"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (generously: the CPU is shared) until a condition seen from pg_stat_activity holds.</summary>
    public async Task WaitUntilAsync(string countSql, long expected, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long seen;
        while ((seen = await ScalarAsync(countSql)) != expected)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"timed out waiting for {what}: saw {seen}, expected {expected}");
            await Task.Delay(100);
        }
    }

    /// <summary>Backends the probe left behind: the probe names itself serverless-diag.</summary>
    public Task WaitForNoProbeConnectionsAsync() =>
        WaitUntilAsync("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'serverless-diag'", 0, "the probe's connection to close");

    public async Task<NpgsqlConnection> OpenAsync(string applicationName)
    {
        var connection = new NpgsqlConnection(Server.ConnectionString(applicationName: applicationName));
        await connection.OpenAsync();
        return connection;
    }
}
