using Serverless.Diag.Reporting;
using Serverless.Diag.TestKit.Runbooks;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>examples/fastapi-service.yaml (guide 001) against a simulated FastAPI service and the shared PostgreSQL and Redis, in <c>staging</c>.</summary>
[Collection(RunbookCollection.Name)]
public sealed class FastApiRunbookTests(RunbookServers servers) : SingleAppRunbookTests<FastApiSimulation>(servers)
{
    private const string Example = "fastapi-service.yaml";
    protected override Task<FastApiSimulation> StartAppAsync() => FastApiSimulation.StartAsync();

    [RunbookFact]
    public async Task Every_check_passes_against_the_healthy_service()
    {
        var outcome = await RunAsync();

        outcome.AssertAllPassed();
        Assert.Equal(13, outcome.Report.AllChecks.Count());
    }

    [RunbookFact]
    public async Task A_task_left_processing_past_the_timeout_fails_the_stuck_tasks_query()
    {
        await Servers.ExecuteAsync("INSERT INTO background_tasks (status, updated_at) VALUES ('processing', now() - interval '2 hours')");

        var outcome = await RunAsync(tags: ["tasks"]);

        var check = outcome.AssertFailedOn("stuck-tasks", "query.value == 0");
        Assert.Equal(1.0, check.Measurements["query.value"]);
        outcome.AssertOnlyIncidentsFor("stuck-tasks");
    }

    [RunbookFact]
    public async Task A_queue_above_its_maximum_fails_the_queue_size_check()
    {
        await using (var redis = await Servers.ConnectRedisAsync())
        {
            await redis.GetDatabase().ListRightPushAsync("tasks:pending", [.. Enumerable.Range(0, 1200).Select(i => (StackExchange.Redis.RedisValue)$"task-{i}")]);
        }

        var outcome = await RunAsync(tags: ["tasks"]);

        outcome.AssertFailedOn("task-queue-size", "command.value < 1000");
        Assert.Contains("backpressure", outcome.Incident("task-queue-size"), StringComparison.Ordinal);
        outcome.AssertOnlyIncidentsFor("task-queue-size");
    }

    [RunbookFact]
    public async Task Responses_over_1000ms_fail_the_response_time_check()
    {
        App.ItemsDelay = TimeSpan.FromSeconds(1.5);

        var outcome = await RunAsync(checks: ["api-health", "api-response-time"]);

        outcome.AssertFailedOn("api-response-time", "latency < 1000ms");
        outcome.AssertOnlyIncidentsFor("api-response-time");
    }

    [RunbookFact]
    public async Task A_websocket_closing_abnormally_fails_the_echo_check()
    {
        App.WebSocketDrops = true;

        var outcome = await RunAsync(tags: ["websocket"]);

        var check = outcome.Check("websocket-echo");
        Assert.True(check.Status is CheckStatus.Error or CheckStatus.Fail, check.Headline);
        outcome.AssertOnlyIncidentsFor("websocket-echo");
    }

    [RunbookFact]
    public async Task A_database_that_refuses_connections_errors_as_refused_and_skips_the_database_checks()
    {
        var secrets = Secrets();
        secrets["DATABASE_URL"] = $"postgresql://postgres:{RunbookServers.PlantedDatabasePassword}@127.0.0.1:{FreePort.Next()}/postgres";

        var outcome = await new RunbookRunner(Servers).RunAsync(Example, "staging", App.Vars, secrets, tags: ["database", "tasks"]);

        outcome.AssertErrored("database-connectivity", "refused");
        outcome.AssertSkippedBecauseOf("database-pool-exhaustion", "database-connectivity");
        outcome.AssertSkippedBecauseOf("stuck-tasks", "database-connectivity");
        outcome.AssertOnlyIncidentsFor("database-connectivity");
    }

    private Task<RunbookOutcome> RunAsync(IReadOnlyList<string>? checks = null, IReadOnlyList<string>? tags = null) =>
        new RunbookRunner(Servers).RunAsync(Example, "staging", App.Vars, Secrets(), checks, tags);

    private Dictionary<string, string> Secrets() => new(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = Servers.DatabaseUrl,
        ["REDIS_URL"] = Servers.RedisUrl,
        ["FASTAPI_API_TOKEN"] = App.ApiToken,
    };
}
