using Npgsql;
using Serverless.Diag.Reporting;
using Serverless.Diag.TestKit.Runbooks;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// examples/generic-backend.yaml (guide 003) against a simulated backend, the shared PostgreSQL and the Azure Monitor
/// fake, in <c>production</c> (its load and Azure checks run there).
/// </summary>
[Collection(RunbookCollection.Name)]
public sealed class GenericBackendRunbookTests(RunbookServers servers) : SingleAppRunbookTests<GenericBackendSimulation>(servers)
{
    private const string Example = "generic-backend.yaml";
    protected override Task<GenericBackendSimulation> StartAppAsync() => GenericBackendSimulation.StartAsync();

    [RunbookFact]
    public async Task Every_check_passes_against_the_healthy_backend()
    {
        var outcome = await RunAsync();

        outcome.AssertAllPassed();
        Assert.Equal(16, outcome.Report.AllChecks.Count());
    }

    [RunbookFact]
    public async Task A_database_port_nobody_listens_on_errors_as_refused_and_skips_the_rest()
    {
        var closed = FreePort.Next();
        var secrets = Secrets();
        secrets["DATABASE_URL"] = $"postgresql://postgres:{RunbookServers.PlantedDatabasePassword}@127.0.0.1:{closed}/postgres";

        var outcome = await new RunbookRunner(Servers).RunAsync(Example, "production", App.Vars(closed), secrets, tags: ["database"]);

        outcome.AssertErrored("database-port", "refused");
        outcome.AssertSkippedBecauseOf("database-connection", "database-port");
        Assert.Equal(CheckStatus.Skipped, outcome.Check("database-deadlocks").Status);
        outcome.AssertOnlyIncidentsFor("database-port");
        Assert.Contains("database-connection", outcome.Incident("database-port"), StringComparison.Ordinal);
    }

    [RunbookFact]
    public async Task A_session_waiting_on_a_lock_fails_the_deadlock_check_and_names_the_blocker()
    {
        await using var holder = new NpgsqlConnection(Servers.Postgres.ConnectionString(applicationName: "lock-holder"));
        await using var waiter = new NpgsqlConnection(Servers.Postgres.ConnectionString(applicationName: "lock-waiter"));
        await holder.OpenAsync();
        await waiter.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE background_tasks IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        await using var blocked = new NpgsqlCommand("SELECT count(*) FROM background_tasks", waiter);
        var waiting = blocked.ExecuteScalarAsync();
        try
        {
            var outcome = await RunAsync(checks: ["database-port", "database-connection", "database-deadlocks"]);

            var check = outcome.AssertFailedOn("database-deadlocks", "blocked.count == 0");
            Assert.Contains(check.Evidence, e => e.Content.Contains("lock-holder", StringComparison.Ordinal));
            outcome.AssertOnlyIncidentsFor("database-deadlocks");
            Assert.Contains("lock-holder", outcome.Incident("database-deadlocks"), StringComparison.Ordinal);
        }
        finally
        {
            await transaction.RollbackAsync();
            await waiting;
        }
    }

    [RunbookFact]
    public async Task Internal_server_errors_fail_the_endpoint_checks_with_the_traceback_as_evidence()
    {
        App.ServerErrors = true;

        var outcome = await RunAsync(tags: ["api"]);

        var check = outcome.AssertFailedOn("api-endpoint", "status == 200");
        Assert.Contains(check.Evidence, e => e.Content.Contains("KeyError", StringComparison.Ordinal));
        outcome.AssertFailedOn("api-post-payload", "status in [200, 201]");
        outcome.AssertSkippedBecauseOf("api-intermittent", "api-endpoint");
        outcome.AssertOnlyIncidentsFor("api-endpoint", "api-post-payload");
        Assert.Contains("KeyError", outcome.Incident("api-endpoint"), StringComparison.Ordinal);
    }

    [RunbookFact]
    public async Task Failures_only_under_concurrency_pass_single_requests_but_fail_the_load_check()
    {
        App.IntermittentUnderLoad = true;

        var outcome = await RunAsync(tags: ["api"]);

        Assert.Equal(CheckStatus.Pass, outcome.Check("api-endpoint").Status);
        var check = outcome.AssertFailedOn("api-intermittent", "error_rate == 0");
        Assert.True(check.Measurements["status.503"] is double n && n > 0, "the load check counts the 503s");
        outcome.AssertOnlyIncidentsFor("api-intermittent");
    }

    [RunbookFact]
    public async Task An_endpoint_open_to_anyone_fails_both_refusal_checks()
    {
        App.AuthDisabled = true;

        var outcome = await RunAsync(tags: ["security"]);

        outcome.AssertFailedOn("api-rejects-anonymous", "status in [401, 403]");
        outcome.AssertFailedOn("api-rejects-invalid-token", "status in [401, 403]");
        outcome.AssertOnlyIncidentsFor("api-rejects-anonymous", "api-rejects-invalid-token");
    }

    [RunbookFact]
    public async Task A_restarting_container_fails_the_restart_count_check()
    {
        Servers.Azure.SetMetric("RestartCount", 4);

        var outcome = await RunAsync(tags: ["resources"]);

        outcome.AssertFailedOn("container-restarts", "max == 0");
        outcome.AssertOnlyIncidentsFor("container-restarts");
    }

    private Task<RunbookOutcome> RunAsync(IReadOnlyList<string>? checks = null, IReadOnlyList<string>? tags = null) =>
        new RunbookRunner(Servers).RunAsync(Example, "production", App.Vars(Servers.Postgres.Port), Secrets(), checks, tags);

    private Dictionary<string, string> Secrets() => new(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = Servers.DatabaseUrl,
        ["API_TOKEN"] = App.ApiToken,
    };
}
