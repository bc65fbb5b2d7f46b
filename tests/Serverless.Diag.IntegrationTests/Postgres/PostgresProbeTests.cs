using Npgsql;
using Serverless.Diag.Postgres;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Postgres;

/// <summary>Each condition is created for real on a throwaway server, then the check must see it.</summary>
public sealed class PostgresProbeTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    private readonly ProbeHarness _harness = new(new PostgresProbeFactory());

    private (string, string) Connection(string? password = null, string database = "postgres") =>
        ("connection", db.Server.ConnectionString(password, database, applicationName: "ignored-by-probe"));

    [PostgresFact]
    public async Task A_healthy_server_reports_every_figure_and_leaves_no_connection_behind()
    {
        var result = await _harness.RunAsync([Connection()]);

        Assert.Null(result.Error);
        Assert.Equal(true, result.Measurements.Lookup("connected").Value);
        Assert.True(ProbeHarness.Number(result, "latency") > 0);
        Assert.True(ProbeHarness.Number(result, "connections.used") >= 1);
        Assert.Equal(37, ProbeHarness.Number(result, "connections.max")); // 40 - 3 reserved for superusers
        Assert.InRange(ProbeHarness.Number(result, "connections.ratio"), 1 / 37.0, 1);
        Assert.Equal(0, ProbeHarness.Number(result, "long_running.count"));
        Assert.Equal(0, ProbeHarness.Number(result, "blocked.count"));
        Assert.Equal(0, ProbeHarness.Number(result, "idle_in_transaction.count"));
        Assert.InRange(ProbeHarness.Number(result, "cache_hit_ratio"), 0.01, 1);
        Assert.True(ProbeHarness.Number(result, "size_bytes") > 1_000_000);
        Assert.Equal("primary", result.Measurements.Lookup("replication.role").Value);
        Assert.Equal(0, ProbeHarness.Number(result, "replication.standbys"));
        Assert.Contains("no standby", result.Measurements.Lookup("replication.lag_seconds").MissingReason);
        Assert.Empty(result.Evidence);
        ProbeHarness.AssertNoSecret(result, PostgresFixture.PlantedPassword);
        await db.WaitForNoProbeConnectionsAsync();
    }

    [PostgresFact]
    public async Task A_libpq_url_connects_too()
    {
        var result = await _harness.RunAsync([("connection", db.Server.Url())]);

        Assert.Null(result.Error);
        Assert.Equal(true, result.Measurements.Lookup("connected").Value);
        ProbeHarness.AssertNoSecret(result, PostgresFixture.PlantedPassword);
    }

    [PostgresFact]
    public async Task A_held_lock_with_a_waiting_session_counts_one_blocked_and_names_both_pids()
    {
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS lock_target (id int PRIMARY KEY, v int); INSERT INTO lock_target VALUES (1, 0) ON CONFLICT DO NOTHING");
        await using var holder = await db.OpenAsync("diag-test-holder");
        await using var waiter = await db.OpenAsync("diag-test-waiter");
        await using (var begin = new NpgsqlCommand("BEGIN; UPDATE lock_target SET v = v + 1 WHERE id = 1", holder))
        {
            await begin.ExecuteNonQueryAsync();
        }

        using var cancelWaiter = new CancellationTokenSource();
        var waiting = new NpgsqlCommand("UPDATE lock_target SET v = v + 10 WHERE id = 1", waiter).ExecuteNonQueryAsync(cancelWaiter.Token);
        await db.WaitUntilAsync("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'diag-test-waiter' AND wait_event_type = 'Lock'", 1, "the waiter to queue on the lock");

        var result = await _harness.RunAsync([Connection()]);

        Assert.Null(result.Error);
        Assert.Equal(1, ProbeHarness.Number(result, "blocked.count"));
        var evidence = Assert.Single(result.Evidence, e => e.Title.StartsWith("Blocked sessions", StringComparison.Ordinal));
        Assert.Contains(waiter.ProcessID.ToString(System.Globalization.CultureInfo.InvariantCulture), evidence.Content);
        Assert.Contains(holder.ProcessID.ToString(System.Globalization.CultureInfo.InvariantCulture), evidence.Content);
        Assert.Contains("diag-test-waiter", evidence.Content);
        Assert.Contains("UPDATE lock_target SET v = v + 10", evidence.Content);
        Assert.Contains(result.Hints, h => h.Contains("lock_timeout", StringComparison.Ordinal));
        Assert.Equal(1, ProbeHarness.Number(result, "idle_in_transaction.count")); // the holder
        ProbeHarness.AssertNoSecret(result, PostgresFixture.PlantedPassword);

        await using (var rollback = new NpgsqlCommand("ROLLBACK", holder))
        {
            await rollback.ExecuteNonQueryAsync();
        }

        await waiting;
    }

    [PostgresFact]
    public async Task An_idle_in_transaction_session_is_counted_timed_and_shown()
    {
        await using var idle = await db.OpenAsync("diag-test-idle");
        await using (var begin = new NpgsqlCommand("BEGIN; SELECT count(*) FROM jobs", idle))
        {
            await begin.ExecuteNonQueryAsync();
        }

        await Task.Delay(1500);
        var result = await _harness.RunAsync([Connection()]);

        Assert.Null(result.Error);
        Assert.Equal(1, ProbeHarness.Number(result, "idle_in_transaction.count"));
        Assert.True(ProbeHarness.Number(result, "idle_in_transaction.max_seconds") >= 1.0);
        var evidence = Assert.Single(result.Evidence, e => e.Title.StartsWith("Sessions idle in a transaction", StringComparison.Ordinal));
        Assert.Contains(idle.ProcessID.ToString(System.Globalization.CultureInfo.InvariantCulture), evidence.Content);
        Assert.Contains("SELECT count(*) FROM jobs", evidence.Content);
        Assert.Contains(result.Hints, h => h.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task A_query_past_the_threshold_is_long_running()
    {
        await using var sleeper = await db.OpenAsync("diag-test-sleeper");
        using var stop = new CancellationTokenSource();
        var sleeping = new NpgsqlCommand("SELECT pg_sleep(60)", sleeper).ExecuteNonQueryAsync(stop.Token);
        await db.WaitUntilAsync(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'diag-test-sleeper' AND state = 'active' AND now() - query_start > interval '1.5 seconds'",
            1, "pg_sleep to pass the threshold");

        var result = await _harness.RunAsync([Connection(), ("long_running_threshold", "1s")]);

        Assert.Null(result.Error);
        Assert.Equal(1, ProbeHarness.Number(result, "long_running.count"));
        Assert.True(ProbeHarness.Number(result, "long_running.max_seconds") >= 1.5);
        var evidence = Assert.Single(result.Evidence, e => e.Title.StartsWith("Active queries running longer than 1s", StringComparison.Ordinal));
        Assert.Contains("SELECT pg_sleep(60)", evidence.Content);
        Assert.Contains(sleeper.ProcessID.ToString(System.Globalization.CultureInfo.InvariantCulture), evidence.Content);
        Assert.Contains(result.Hints, h => h.Contains("EXPLAIN", StringComparison.Ordinal));

        // Below the default 30 s threshold the same query is not long-running, but still the oldest active one.
        var relaxed = await _harness.RunAsync([Connection()]);
        Assert.Equal(0, ProbeHarness.Number(relaxed, "long_running.count"));
        Assert.True(ProbeHarness.Number(relaxed, "long_running.max_seconds") >= 1.5);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => sleeping);
    }

    [PostgresFact]
    public async Task A_wrong_password_is_an_auth_error_that_never_shows_the_password()
    {
        const string wrong = "Wr0ng-Pl4nted-Password";
        var result = await _harness.RunAsync([Connection(password: wrong)]);

        Assert.Equal("auth", result.Error?.Cause.Name);
        Assert.Contains("28P01", result.Error!.Message);
        Assert.Equal(false, result.Measurements.Lookup("connected").Value);
        Assert.Contains(result.Hints, h => h.Contains("password", StringComparison.Ordinal));
        ProbeHarness.AssertNoSecret(result, wrong);
        ProbeHarness.AssertNoSecret(result, PostgresFixture.PlantedPassword);
    }

    [PostgresFact]
    public async Task A_missing_database_is_named_as_such()
    {
        var result = await _harness.RunAsync([Connection(database: "no_such_db")]);

        Assert.Equal("database_missing", result.Error?.Cause.Name);
        Assert.Contains("3D000", result.Error!.Message);
    }

    [PostgresFact]
    public async Task Nothing_listening_is_refused()
    {
        var url = $"postgresql://postgres:{PostgresFixture.PlantedPassword}@127.0.0.1:{FreePort.Next()}/postgres";
        var result = await _harness.RunAsync([("connection", url)]);

        Assert.Equal("refused", result.Error?.Cause.Name);
        ProbeHarness.AssertNoSecret(result, PostgresFixture.PlantedPassword);
    }

    [PostgresFact]
    public async Task The_slowest_statements_come_from_pg_stat_statements_when_it_is_loaded()
    {
        await db.ExecuteAsync("SELECT pg_sleep(0.3)");

        var result = await _harness.RunAsync([Connection()], "statements.slowest_mean_ms");

        Assert.Null(result.Error);
        Assert.True(ProbeHarness.Number(result, "statements.slowest_mean_ms") >= 300);
        var evidence = Assert.Single(result.Evidence, e => e.Title.StartsWith("Slowest statements", StringComparison.Ordinal));
        Assert.Contains("pg_sleep", evidence.Content);
        Assert.DoesNotContain("serverless-diag", evidence.Content); // the probe's own statements are left out
        Assert.Contains(result.Hints, h => h.Contains("EXPLAIN", StringComparison.Ordinal));
    }

    [PostgresFact]
    public async Task Without_the_extension_the_statements_figure_is_absent_with_a_hint_not_an_error()
    {
        var result = await _harness.RunAsync([Connection(database: "plain")], "statements.slowest_mean_ms");

        Assert.Null(result.Error);
        var lookup = result.Measurements.Lookup("statements.slowest_mean_ms");
        Assert.False(lookup.Found);
        Assert.Contains("not installed", lookup.MissingReason);
        Assert.Contains(result.Hints, h => h.Contains("CREATE EXTENSION pg_stat_statements", StringComparison.Ordinal));
        Assert.True(ProbeHarness.Number(result, "connections.used") >= 1); // the rest was still measured
    }

    [PostgresFact]
    public async Task A_view_the_role_may_not_read_makes_its_figure_absent_not_a_crash()
    {
        var connection = db.Server.ConnectionString(PostgresFixture.LimitedPassword, user: PostgresFixture.LimitedRole);
        var result = await _harness.RunAsync([("connection", connection)], "statements.slowest_mean_ms");

        Assert.Null(result.Error);
        var lookup = result.Measurements.Lookup("statements.slowest_mean_ms");
        Assert.False(lookup.Found);
        Assert.Contains("permission denied", lookup.MissingReason);
        Assert.Contains(result.Hints, h => h.Contains("pg_monitor", StringComparison.Ordinal));
        Assert.True(ProbeHarness.Number(result, "blocked.count") >= 0);
        ProbeHarness.AssertNoSecret(result, PostgresFixture.LimitedPassword);
    }

    [PostgresFact]
    public async Task The_checks_own_query_gives_a_scalar_and_a_row_count()
    {
        var result = await _harness.RunAsync([Connection(), ("query", "SELECT count(*) FROM jobs WHERE status = 'stuck'")]);

        Assert.Null(result.Error);
        Assert.Equal(10, ProbeHarness.Number(result, "query.value"));
        Assert.Equal(1, ProbeHarness.Number(result, "query.rows"));
    }

    [PostgresFact]
    public async Task The_checks_own_query_runs_read_only()
    {
        var result = await _harness.RunAsync([Connection(), ("query", "DELETE FROM jobs")]);

        Assert.Equal("query", result.Error?.Cause.Name);
        Assert.Contains("25006", result.Error!.Message);
        Assert.Equal(100, await db.ScalarAsync("SELECT count(*) FROM jobs"));
        Assert.True(ProbeHarness.Number(result, "connections.used") >= 1); // what was measured before is kept
        await db.WaitForNoProbeConnectionsAsync();
    }

    [PostgresFact]
    public async Task The_probes_statement_timeout_stops_a_slow_query_before_the_check_timeout()
    {
        var result = await _harness.RunAsync([Connection(), ("query", "SELECT pg_sleep(10)"), ("statement_timeout", "500ms")]);

        Assert.Equal("timeout", result.Error?.Cause.Name);
        Assert.Contains("57014", result.Error!.Message);
        await db.WaitForNoProbeConnectionsAsync();
    }
}
