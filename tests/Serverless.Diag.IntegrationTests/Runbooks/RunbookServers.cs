using Npgsql;
using Serverless.Diag.TestKit.AzureMonitor;
using Serverless.Diag.TestKit.Runbooks;
using Serverless.Diag.TestKit.Servers;
using StackExchange.Redis;

namespace Serverless.Diag.IntegrationTests.Runbooks;

[CollectionDefinition(Name)]
public sealed class RunbookCollection : ICollectionFixture<RunbookServers>
{
    public const string Name = "Runbooks";
}

/// <summary>
/// The data tier every simulated deployment shares, started once for the runbook tests: a real PostgreSQL
/// (pg_stat_statements preloaded; guide 001's <c>background_tasks</c> table), a real Redis with a memory
/// limit and the allkeys-lru policy guide 004 asks for, and the Azure Monitor fake. Each test puts back
/// whatever fault it planted (<see cref="ResetAsync"/>).
/// </summary>
public sealed class RunbookServers : IAsyncLifetime
{
    public const string PlantedDatabasePassword = "Pl4nted-runbook-pg-S3cret";
    public const string PlantedRedisPassword = "Pl4nted-runbook-redis-S3cret";
    public const long RedisMaxMemory = 64L * 1024 * 1024;

    private PostgresServer? _postgres;
    private RedisServer? _redis;
    private AzureMonitorFake? _azureFake;
    private AzureMonitorSimulation? _azure;

    /// <summary>Why the servers could not start (binaries missing locally); null when they run.</summary>
    public string? Unavailable { get; private set; }

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException(Unavailable ?? "not started");

    public RedisServer Redis => _redis ?? throw new InvalidOperationException(Unavailable ?? "not started");

    public AzureMonitorSimulation Azure => _azure ?? throw new InvalidOperationException(Unavailable ?? "not started");

    public string DatabaseUrl => Postgres.Url();

    public string RedisUrl => Redis.Url();

    public async Task InitializeAsync()
    {
        _azureFake = await AzureMonitorFake.StartAsync();
        _azure = new AzureMonitorSimulation(_azureFake, TimeProvider.System);
        Unavailable = ServerBinaries.PostgresMissing ?? ServerBinaries.RedisMissing;
        if (Unavailable is not null && !ServerBinaries.InCi)
        {
            return;
        }

        _postgres = await PostgresServer.StartAsync(new PostgresServerOptions { Password = PlantedDatabasePassword, PreloadPgStatStatements = true, MaxConnections = 40 });
        _redis = await RedisServer.StartAsync(new RedisServerOptions { Password = PlantedRedisPassword, MaxMemoryBytes = RedisMaxMemory, MaxMemoryPolicy = "allkeys-lru" });
        await ExecuteAsync("CREATE EXTENSION pg_stat_statements");
        await ExecuteAsync("CREATE TABLE background_tasks (id serial PRIMARY KEY, status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
        await ExecuteAsync("INSERT INTO background_tasks (status, updated_at) SELECT 'done', now() - interval '2 hours' FROM generate_series(1, 20)");
        await ExecuteAsync("INSERT INTO background_tasks (status) VALUES ('processing')");
        await ResetAsync();
    }

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_azureFake is not null)
        {
            await _azureFake.DisposeAsync();
        }
    }

    /// <summary>A healthy data tier: no stuck task, an empty queue, Redis' limit and policy as configured, warm cache statistics, quiet Azure Monitor.</summary>
    public async Task ResetAsync()
    {
        Azure.Reset();
        await ExecuteAsync("DELETE FROM background_tasks WHERE status = 'processing' AND updated_at < now() - interval '1 hour'");
        await using var redis = await ConnectRedisAsync();
        var server = redis.GetServers()[0];
        await server.ConfigSetAsync("maxmemory", RedisMaxMemory.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await server.ConfigSetAsync("maxmemory-policy", "allkeys-lru");
        var db = redis.GetDatabase();
        await db.KeyDeleteAsync(["tasks:pending", "ballast"]);
        await server.ConfigResetStatisticsAsync();
        await db.StringSetAsync("cache:warm", "value");
        for (var i = 0; i < 20; i++)
        {
            await db.StringGetAsync("cache:warm");
        }

        await db.StringSetAsync("rate_limit:synthetic-monitor", 3, TimeSpan.FromMinutes(5));
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString(applicationName: "runbook-setup"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<ConnectionMultiplexer> ConnectRedisAsync()
    {
        var options = ConfigurationOptions.Parse(Redis.Configuration());
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }
}
