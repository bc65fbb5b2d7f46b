using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Serverless.Diag.Configuration;
using Serverless.Diag.Postgres;
using Serverless.Diag.Probes;
using Serverless.Diag.Redis;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit.Servers;
using StackExchange.Redis;

namespace Serverless.Diag.Bench;

/// <summary>
/// <c>data-checks [runs]</c>: median wall time of one <c>postgres</c> and one <c>redis</c> check against throwaway
/// servers on loopback, and the server connections each leaves open afterwards (must be 0).
/// </summary>
public static class DataChecksBench
{
    private const int Warmup = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        await using var postgres = await PostgresServer.StartAsync(new PostgresServerOptions { PreloadPgStatStatements = true });
        await using var redis = await RedisServer.StartAsync();
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString(applicationName: "bench-admin")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE EXTENSION pg_stat_statements", admin);
            await create.ExecuteNonQueryAsync();
        }


        var pgOpenTimes = await ConnectOnlyAsync(postgres.ConnectionString(), runs);
        var pgTimes = await TimeAsync(new PostgresProbeFactory(), ("connection", postgres.ConnectionString()), runs);
        var pgOpen = await PostgresLeftOpenAsync(postgres);
        var redisTimes = await TimeAsync(new RedisProbeFactory(), ("connection", redis.Configuration()), runs);
        var redisOpen = await RedisLeftOpenAsync(redis);

        Console.WriteLine($"data-checks: {runs} runs each after {Warmup} warm-up runs, loopback, throwaway PostgreSQL and Redis");
        Console.WriteLine($"{"check",-10} {"median",10} {"p90",10} {"min",10} {"max",10} {"left open",10}");
        Print("postgres", pgTimes, pgOpen);
        Print("redis", redisTimes, redisOpen);
        Print("(pg open)", pgOpenTimes, 0);
        Console.WriteLine("(pg open): opening and closing one unpooled, authenticated connection, the floor under a postgres check");
        return pgOpen == 0 && redisOpen == 0 ? 0 : 1;
    }

    private static async Task<List<double>> TimeAsync(IProbeFactory factory, (string Key, string Value) connection, int runs)
    {
        var secrets = new SecretRedactor();
        var diagnostics = new ConfigDiagnostics();
        var mark = new SourceMark("bench.yaml", 1, 1);
        var mapping = new ConfigMapping([new(new ConfigScalar(connection.Key, mark), new ConfigScalar(connection.Value, mark))], mark);
        var check = new CheckDefinition { Name = factory.Type, Type = factory.Type, Mark = mark, Settings = mapping };
        var probe = factory.Create(new CheckSettings(check, new EnvironmentDefinition("bench", new Dictionary<string, ConfigScalar>(), false, mark), mapping, diagnostics, secrets))
            ?? throw new InvalidOperationException(string.Join("; ", diagnostics.Errors));
        var context = new ProbeContext
        {
            Environment = "bench",
            CheckName = factory.Type,
            Timeout = check.Timeout,
            TimeProvider = TimeProvider.System,
            Logger = NullLogger.Instance,
            Secrets = secrets,
        };

        var times = new List<double>();
        for (var i = 0; i < Warmup + runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var result = await probe.RunAsync(context, CancellationToken.None);
            watch.Stop();
            if (result.Error is not null)
            {
                throw new InvalidOperationException($"{factory.Type} check failed: {result.Error}");
            }

            if (i >= Warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return times;
    }

    /// <summary>What opening an unpooled, authenticated connection alone costs, to read the check's time against.</summary>
    private static async Task<List<double>> ConnectOnlyAsync(string connectionString, int runs)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    private static async Task<long> PostgresLeftOpenAsync(PostgresServer server)
    {
        await Task.Delay(500); // a backend leaves pg_stat_activity a moment after its client hangs up
        await using var admin = new NpgsqlConnection(server.ConnectionString(applicationName: "bench-admin"));
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()", admin);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<long> RedisLeftOpenAsync(RedisServer server)
    {
        await Task.Delay(500);
        var options = ConfigurationOptions.Parse(server.Configuration());
        options.AllowAdmin = true;
        options.TieBreaker = string.Empty;
        options.CommandMap = CommandMap.Create(new HashSet<string> { "SUBSCRIBE" }, available: false);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(options);
        var clients = await admin.GetServers()[0].ClientListAsync();
        return clients.Length - 1; // all but the admin connection asking
    }

    private static void Print(string name, List<double> times, long leftOpen)
    {
        times.Sort();
        static string Ms(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + "ms";
        Console.WriteLine($"{name,-10} {Ms(Percentile(times, 0.5)),10} {Ms(Percentile(times, 0.9)),10} {Ms(times[0]),10} {Ms(times[^1]),10} {leftOpen,10}");
    }

    private static double Percentile(List<double> sorted, double p)
    {
        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
