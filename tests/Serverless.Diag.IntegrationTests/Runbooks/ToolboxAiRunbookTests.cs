using Npgsql;
using Serverless.Diag.TestKit.Runbooks;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// examples/toolboxai-backend.yaml (guide 000) against a simulated ToolboxAI backend, the shared PostgreSQL and
/// Redis, and the Azure Monitor fake, in its <c>staging</c> environment (load and Azure checks included).
/// </summary>
[Collection(RunbookCollection.Name)]
public sealed class ToolboxAiRunbookTests(RunbookServers servers) : SingleAppRunbookTests<ToolboxAiSimulation>(servers)
{
    private const string Example = "toolboxai-backend.yaml";
    protected override Task<ToolboxAiSimulation> StartAppAsync() => ToolboxAiSimulation.StartAsync();

    [RunbookFact]
    public async Task Every_check_passes_against_the_healthy_backend()
    {
        var outcome = await RunAsync();

        outcome.AssertAllPassed();
        Assert.Equal(34, outcome.Report.AllChecks.Count());
    }

    [RunbookFact]
    public async Task A_stopped_server_fails_the_port_check_as_refused_and_skips_everything_behind_it()
    {
        await App.StopAsync();

        var outcome = await RunAsync();

        outcome.AssertErrored("backend-port", "refused");
        outcome.AssertSkippedBecauseOf("backend-health", "backend-port");
        Assert.Equal(Reporting.CheckStatus.Skipped, outcome.Check("pusher-status").Status);
        Assert.Equal(Enumerable.Repeat(Reporting.CheckStatus.Pass, 4), new[] { "database-connectivity", "redis-connectivity", "app-cpu", "log-database-errors" }.Select(c => outcome.Check(c).Status));
        outcome.AssertOnlyIncidentsFor("backend-port");
        Assert.Contains("backend-health", outcome.Incident("backend-port"), StringComparison.Ordinal);
    }

    [RunbookFact]
    public async Task Slow_content_answers_fail_the_two_second_threshold()
    {
        App.ContentDelay = TimeSpan.FromSeconds(2.5);

        var outcome = await RunAsync(checks: ["backend-dns", "backend-port", "backend-health", "content-api-authenticated"]);

        var check = outcome.AssertFailedOn("content-api-authenticated", "latency < 2s");
        Assert.Contains(check.Hints, h => h.Contains("database", StringComparison.Ordinal));
        outcome.AssertOnlyIncidentsFor("content-api-authenticated");
    }

    [RunbookFact]
    public async Task Content_api_open_without_credentials_fails_both_refusal_checks()
    {
        App.AuthDisabled = true;

        var outcome = await RunAsync(tags: ["auth"]);

        outcome.AssertFailedOn("content-api-anonymous-refused", "status in [401, 403]");
        outcome.AssertFailedOn("content-api-invalid-token-refused", "status in [401, 403]");
        outcome.AssertOnlyIncidentsFor("content-api-anonymous-refused", "content-api-invalid-token-refused");
        Assert.Contains("authentication dependency", outcome.Incident("content-api-anonymous-refused"), StringComparison.Ordinal);
    }

    [RunbookFact]
    public async Task An_open_circuit_breaker_fails_its_status_grep()
    {
        App.BreakerOpen = true;

        var outcome = await RunAsync(tags: ["health"]);

        outcome.AssertFailedOn("circuit-breakers-status", "body matches");
        outcome.AssertOnlyIncidentsFor("circuit-breakers-status");
    }

    [RunbookFact]
    public async Task A_rising_error_rate_fails_the_metrics_check()
    {
        App.Metrics.ErrorsPerTick = 20;

        var outcome = await RunAsync(tags: ["metrics"]);

        outcome.AssertFailedOn("api-error-rate", "error_ratio < 5%");
        outcome.AssertOnlyIncidentsFor("api-error-rate");
    }

    [RunbookFact]
    public async Task An_exhausted_connection_pool_fails_the_saturation_check()
    {
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 34; i++)
            {
                var connection = new NpgsqlConnection(Servers.Postgres.ConnectionString(applicationName: "toolboxai-worker"));
                await connection.OpenAsync();
                held.Add(connection);
            }

            var outcome = await RunAsync(tags: ["database"]);

            var check = outcome.AssertFailedOn("database-pool-saturation", "connections.ratio < 80%");
            Assert.Contains(check.Hints, h => h.Contains("PgBouncer", StringComparison.Ordinal));
            outcome.AssertOnlyIncidentsFor("database-pool-saturation");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [RunbookFact]
    public async Task Redis_memory_near_its_limit_fails_the_memory_check()
    {
        await using (var redis = await Servers.ConnectRedisAsync())
        {
            var server = redis.GetServers()[0];
            var used = (await server.InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory").Value;
            await server.ConfigSetAsync("maxmemory", ((long)(long.Parse(used, System.Globalization.CultureInfo.InvariantCulture) * 1.1)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var outcome = await RunAsync(tags: ["redis"]);

        outcome.AssertFailedOn("redis-memory", "memory.ratio < 80%");
        outcome.AssertOnlyIncidentsFor("redis-memory");
    }

    [RunbookFact]
    public async Task Pool_exhaustion_in_the_logs_fails_the_KQL_check()
    {
        Servers.Azure.PlantLogLines("database.pool.exhausted", 7);

        var outcome = await RunAsync(tags: ["logs"]);

        outcome.AssertFailedOn("log-database-errors", "value == 0");
        outcome.AssertOnlyIncidentsFor("log-database-errors", "log-error-summary");
    }

    [RunbookFact]
    public async Task High_cpu_fails_the_azure_metrics_check()
    {
        Servers.Azure.SetMetric("CpuPercentage", 93);

        var outcome = await RunAsync(tags: ["resources"]);

        outcome.AssertFailedOn("app-cpu", "avg < 80");
        outcome.AssertOnlyIncidentsFor("app-cpu");
    }

    private Task<RunbookOutcome> RunAsync(IReadOnlyList<string>? checks = null, IReadOnlyList<string>? tags = null) =>
        new RunbookRunner(Servers).RunAsync(Example, "staging", App.Vars, Secrets(), checks, tags);

    private Dictionary<string, string> Secrets() => new(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = Servers.DatabaseUrl,
        ["REDIS_URL"] = Servers.RedisUrl,
        ["TOOLBOXAI_API_TOKEN"] = App.ApiToken,
        ["TOOLBOXAI_LOGIN_PASSWORD"] = App.LoginPassword,
        ["OPENAI_API_KEY"] = App.OpenAiKey,
    };
}
