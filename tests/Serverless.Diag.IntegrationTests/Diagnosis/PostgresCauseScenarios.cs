using Npgsql;
using Serverless.Diag.TestKit.Servers;
using Serverless.Diag.TestKit.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Diag.IntegrationTests.Diagnosis;

/// <summary>Pool exhaustion and lock contention on a real PostgreSQL, each with a twin where the same symptom has another cause.</summary>
public sealed class PostgresCauseScenarios
{
    private const string QueuePoolTraceback = """
        Traceback (most recent call last):
          File "/app/api/orders.py", line 31, in list_orders
            async with session.begin():
          File "/usr/lib/python3.11/site-packages/sqlalchemy/pool/impl.py", line 164, in _do_get
            raise exc.TimeoutError(
        sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 overflow 0 reached, connection timed out, timeout 30.00 (Background on this error at: https://sqlalche.me/e/20/3o7r)
        """;

    private const string ZeroDivisionTraceback = """
        Traceback (most recent call last):
          File "/app/api/orders.py", line 44, in average_basket
            return total / count
        ZeroDivisionError: division by zero
        """;

    private static string Config(KestrelTarget app, PostgresServer database) => $"""
        version: 1
        checks:
          - name: orders-api
            type: http
            url: {app.Url("/orders")}
            expect: [status == 200]
            on_failure: [database]
          - name: database
            type: postgres
            schedule: on_failure
            connection: ${"{"}env:DATABASE_URL{"}"}
            expect: [connections.ratio < 80%]
        """;

    private static Task<KestrelTarget> AppAsync(string traceback) => KestrelTarget.StartAsync(app =>
        app.MapGet("/orders", () => Results.Text(traceback, "text/plain", statusCode: 500)));

    [PostgresFact]
    [CauseCase("pool-exhaustion", matches: true)]
    public async Task A_500_with_the_QueuePool_traceback_while_the_database_is_held_full_is_pool_exhaustion()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = 10, SuperuserReservedConnections = 3 });
        await using var app = await AppAsync(QueuePoolTraceback);
        var held = await HoldAsync(server, 6); // with the probe's own: 7 of the 7 ordinary slots
        try
        {
            var run = await CauseScenario.RunAsync(Config(app, server), new Dictionary<string, string> { ["DATABASE_URL"] = server.ConnectionString() });

            var cause = run.Diagnosis("orders-api").ProbableCause!;
            Assert.Equal("pool-exhaustion", cause.Rule);
            Assert.Equal("7/7 connections", cause.KeyEvidence);
            Assert.Contains(cause.Evidence, e => e.Check == "orders-api" && e.Text.Contains("QueuePool limit of size 20 overflow 0 reached", StringComparison.Ordinal));
            Assert.Contains(cause.Evidence, e => e.Check == "database" && e.Text.Contains("connections.ratio = 100%", StringComparison.Ordinal));
            Assert.Equal("orders-api", run.Check("database").FollowUpOf);
            Assert.EndsWith("— probable cause: database connection pool exhausted (7/7 connections)", run.Title("orders-api"), StringComparison.Ordinal);
            var incident = Assert.Single(run.Incidents).Value;
            Assert.Contains("### What was checked next", incident, StringComparison.Ordinal);
            Assert.Contains("`database` (`postgres`): **fail**", incident, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Password, incident, StringComparison.Ordinal);
        }
        finally
        {
            await ReleaseAsync(held);
        }
    }

    [PostgresFact]
    [CauseCase("pool-exhaustion", matches: true)]
    public async Task When_the_database_check_runs_on_its_own_one_incident_names_the_pool_and_lists_the_api_as_its_symptom()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = 10, SuperuserReservedConnections = 3 });
        await using var app = await AppAsync(QueuePoolTraceback);
        var held = await HoldAsync(server, 6);
        try
        {
            var yaml = Config(app, server).Replace("schedule: on_failure", "severity: P3", StringComparison.Ordinal).Replace("expect: [status == 200]", "severity: P1\n    expect: [status == 200]", StringComparison.Ordinal);
            var run = await CauseScenario.RunAsync(yaml, new Dictionary<string, string> { ["DATABASE_URL"] = server.ConnectionString() });

            Assert.Equal("database", run.Diagnosis("orders-api").RootCheck);
            var (file, incident) = Assert.Single(run.Incidents);
            Assert.Contains("database", file, StringComparison.Ordinal);
            Assert.StartsWith("# [P1][default] database: connections.ratio < 80% failed (actual 100%) — probable cause: database connection pool exhausted (7/7 connections)", incident, StringComparison.Ordinal);
            Assert.Contains("Symptoms of the same cause", incident, StringComparison.Ordinal);
            Assert.Contains("`orders-api` (`http`): **fail**", incident, StringComparison.Ordinal);
        }
        finally
        {
            await ReleaseAsync(held);
        }
    }

    [PostgresFact]
    [CauseCase("pool-exhaustion", matches: false)]
    [CauseCase("application-exception", matches: true)]
    public async Task A_500_with_another_traceback_while_the_database_has_room_is_an_application_exception_not_the_pool()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { MaxConnections = 10, SuperuserReservedConnections = 3 });
        await using var app = await AppAsync(ZeroDivisionTraceback);
        var yaml = Config(app, server).Replace("schedule: on_failure", "description: the database, checked on every run", StringComparison.Ordinal);

        var run = await CauseScenario.RunAsync(yaml, new Dictionary<string, string> { ["DATABASE_URL"] = server.ConnectionString() });

        Assert.Contains("no pool-exhaustion text", run.NotMatched("orders-api", "pool-exhaustion"), StringComparison.Ordinal);
        var cause = run.Diagnosis("orders-api").ProbableCause!;
        Assert.Equal("application exception (ZeroDivisionError)", cause.Cause);
        Assert.EndsWith("— probable cause: application exception (ZeroDivisionError) (500: ZeroDivisionError)", run.Title("orders-api"), StringComparison.Ordinal);
    }

    [PostgresFact]
    [CauseCase("lock-contention", matches: true)]
    public async Task A_row_lock_held_by_another_session_is_lock_contention_naming_the_holder_relation_and_wait()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var holder = await OpenAsync(server, "orders-worker");
        await ExecuteAsync(holder, "CREATE TABLE orders (id int PRIMARY KEY, status text)");
        await ExecuteAsync(holder, "INSERT INTO orders VALUES (1, 'new')");
        await ExecuteAsync(holder, "BEGIN");
        await ExecuteAsync(holder, "UPDATE orders SET status = 'paid' WHERE id = 1");
        var holderPid = holder.ProcessID;
        await using var waiter = await OpenAsync(server, "orders-api");
        var blocked = ExecuteAsync(waiter, "UPDATE orders SET status = 'cancelled' WHERE id = 1");
        try
        {
            await Task.Delay(1500);
            var run = await CauseScenario.RunAsync($$"""
                version: 1
                checks:
                  - name: database-locks
                    type: postgres
                    connection: ${env:DATABASE_URL}
                    expect: [blocked.count == 0]
                """, new Dictionary<string, string> { ["DATABASE_URL"] = server.ConnectionString() });

            var cause = run.Diagnosis("database-locks").ProbableCause!;
            Assert.Equal("lock-contention", cause.Rule);
            Assert.StartsWith($"pid {holderPid} blocks 1 session on orders for ", cause.KeyEvidence, StringComparison.Ordinal);
            Assert.Contains(cause.Evidence, e => e.Text.Contains($"blocking pid {holderPid} on orders", StringComparison.Ordinal));
            Assert.Contains($"— probable cause: database lock contention (pid {holderPid} blocks 1 session on orders for ", run.Title("database-locks"), StringComparison.Ordinal);
        }
        finally
        {
            await ExecuteAsync(holder, "ROLLBACK");
            await blocked;
        }
    }

    [PostgresFact]
    [CauseCase("lock-contention", matches: false)]
    public async Task A_long_query_that_blocks_nobody_is_not_lock_contention()
    {
        await using var server = await PostgresServer.StartAsync();
        await using var sleeper = await OpenAsync(server, "report-job");
        var sleeping = ExecuteAsync(sleeper, "SELECT pg_sleep(8)");
        await Task.Delay(1500);

        var run = await CauseScenario.RunAsync($$"""
            version: 1
            checks:
              - name: database-locks
                type: postgres
                connection: ${env:DATABASE_URL}
                long_running_threshold: 1s
                expect: [long_running.count == 0, blocked.count == 0]
            """, new Dictionary<string, string> { ["DATABASE_URL"] = server.ConnectionString() });

        Assert.Equal(Reporting.CheckStatus.Fail, run.Check("database-locks").Status);
        Assert.Equal("no session is blocked (blocked.count = 0)", run.NotMatched("database-locks", "lock-contention"));
        Assert.DoesNotContain("probable cause", run.Title("database-locks"), StringComparison.Ordinal);
        await sleeping;
    }

    private static async Task<List<NpgsqlConnection>> HoldAsync(PostgresServer server, int count)
    {
        var held = new List<NpgsqlConnection>();
        for (var n = 0; n < count; n++)
        {
            held.Add(await OpenAsync(server, $"app-pool-{n}"));
        }

        return held;
    }

    private static async Task ReleaseAsync(List<NpgsqlConnection> held)
    {
        foreach (var connection in held)
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(PostgresServer server, string name)
    {
        var connection = new NpgsqlConnection(server.ConnectionString(applicationName: name) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 60 };
        await command.ExecuteNonQueryAsync();
    }
}
