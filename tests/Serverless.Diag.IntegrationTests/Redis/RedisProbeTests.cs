using System.Net.Sockets;
using Serverless.Diag.IntegrationTests.Postgres;
using Serverless.Diag.Redis;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.Redis;

/// <summary>Each condition is created for real on its own throwaway redis-server, then the check must see it.</summary>
public sealed class RedisProbeTests
{
    private const string PlantedPassword = "Pl4nted-redis-S3cret";

    private readonly ProbeHarness _harness = new(new RedisProbeFactory());

    private static Task<RedisServer> StartAsync(RedisServerOptions? options = null) =>
        RedisServer.StartAsync((options ?? new RedisServerOptions()) with { Password = PlantedPassword });

    [RedisFact]
    public async Task A_healthy_server_reports_every_figure_and_leaves_no_connection_behind()
    {
        await using var server = await StartAsync();
        await using var admin = await RedisAdmin.ConnectAsync(server);

        var result = await _harness.RunAsync([("connection", server.Configuration())]);

        Assert.Null(result.Error);
        Assert.Equal(true, result.Measurements.Lookup("connected").Value);
        Assert.Equal(true, result.Measurements.Lookup("roundtrip_ok").Value);
        Assert.True(ProbeHarness.Number(result, "latency") > 0);
        Assert.True(ProbeHarness.Number(result, "memory.used") > 100_000);
        Assert.Equal(0, ProbeHarness.Number(result, "memory.max"));
        Assert.Contains("no memory limit", result.Measurements.Lookup("memory.ratio").MissingReason);
        Assert.Equal("noeviction", result.Measurements.Lookup("memory.policy").Value);
        Assert.True(ProbeHarness.Number(result, "memory.fragmentation") > 0);
        Assert.Equal(2, ProbeHarness.Number(result, "clients.connected")); // the admin and the probe: no pub/sub connection
        Assert.Equal(1000, ProbeHarness.Number(result, "clients.max"));
        Assert.Equal(0.002, ProbeHarness.Number(result, "clients.ratio"), 6);
        Assert.Equal(0, ProbeHarness.Number(result, "clients.blocked"));
        Assert.Equal(0, ProbeHarness.Number(result, "evicted_keys"));
        Assert.Equal(0, ProbeHarness.Number(result, "rejected_connections"));
        Assert.Equal(0, ProbeHarness.Number(result, "slowlog.count"));
        Assert.Equal("master", result.Measurements.Lookup("role").Value);
        ProbeHarness.AssertNoSecret(result, PlantedPassword);

        Assert.Equal(0, await admin.ProbeConnectionsAsync());
        Assert.Equal(0, await admin.Db.ExecuteAsync("DBSIZE") is { } size ? (long)size : -1); // the round-trip key is gone
    }

    [RedisFact]
    public async Task A_redis_url_connects_too()
    {
        await using var server = await StartAsync();

        var result = await _harness.RunAsync([("connection", server.Url())]);

        Assert.Null(result.Error);
        Assert.Equal(true, result.Measurements.Lookup("roundtrip_ok").Value);
        ProbeHarness.AssertNoSecret(result, PlantedPassword);
    }

    [RedisFact]
    public async Task A_small_maxmemory_filled_past_80_percent_is_seen_with_its_policy_and_then_evictions()
    {
        await using var server = await StartAsync(new RedisServerOptions { MaxMemoryBytes = 4 * 1024 * 1024, MaxMemoryPolicy = "allkeys-lru" });
        await using var admin = await RedisAdmin.ConnectAsync(server);
        var value = new string('x', 1024);
        var i = 0;
        while (await admin.InfoNumberAsync("used_memory") < 0.85 * 4 * 1024 * 1024)
        {
            var batch = admin.Db.CreateBatch();
            var writes = Enumerable.Range(i, 100).Select(n => batch.StringSetAsync($"cache:{n}", value)).ToList();
            batch.Execute();
            await Task.WhenAll(writes);
            i += 100;
        }

        var filled = await _harness.RunAsync([("connection", server.Configuration())], "memory.ratio");

        Assert.Null(filled.Error);
        Assert.InRange(ProbeHarness.Number(filled, "memory.ratio"), 0.8, 1.05);
        Assert.Equal(4 * 1024 * 1024, ProbeHarness.Number(filled, "memory.max"));
        Assert.Equal("allkeys-lru", filled.Measurements.Lookup("memory.policy").Value);
        Assert.Contains(filled.Hints, h => h.Contains("maxmemory", StringComparison.Ordinal));
        var info = Assert.Single(filled.Evidence, e => e.Title == "Redis INFO figures");
        Assert.Contains("maxmemory:4194304", info.Content);
        Assert.Contains("maxmemory_policy:allkeys-lru", info.Content);

        for (var n = 0; n < 2000; n++)
        {
            await admin.Db.StringSetAsync($"more:{n}", value);
        }

        var evicting = await _harness.RunAsync([("connection", server.Configuration())]);

        Assert.True(ProbeHarness.Number(evicting, "evicted_keys") > 0);
        Assert.Contains(evicting.Hints, h => h.StartsWith("Keys are being evicted", StringComparison.Ordinal));
        Assert.Contains(evicting.Evidence, e => e.Content.Contains("evicted_keys:", StringComparison.Ordinal));
        ProbeHarness.AssertNoSecret(evicting, PlantedPassword);
    }

    [RedisFact]
    public async Task A_full_noeviction_server_refusing_the_round_trip_is_a_failed_finding_with_everything_else_measured()
    {
        await using var server = await StartAsync(new RedisServerOptions { MaxMemoryBytes = 2 * 1024 * 1024, MaxMemoryPolicy = "noeviction" });
        await using var admin = await RedisAdmin.ConnectAsync(server);
        var value = new string('y', 4096);
        try
        {
            for (var n = 0; n < 10_000; n++)
            {
                await admin.Db.StringSetAsync($"fill:{n}", value);
            }

            Assert.Fail("the server never refused a write");
        }
        catch (StackExchange.Redis.RedisServerException e) when (e.Message.StartsWith("OOM", StringComparison.Ordinal))
        {
            // full
        }

        var result = await _harness.RunAsync([("connection", server.Configuration())]);

        Assert.Null(result.Error);
        Assert.Equal(false, result.Measurements.Lookup("roundtrip_ok").Value);
        var finding = Assert.Single(result.Findings);
        Assert.StartsWith("OOM command not allowed", finding.Actual, StringComparison.Ordinal);
        Assert.Contains(result.Evidence, e => e.Title == "Round-trip write refused" && e.Content.Contains("OOM", StringComparison.Ordinal));
        Assert.True(ProbeHarness.Number(result, "memory.ratio") >= 0.95);
        Assert.True(ProbeHarness.Number(result, "latency") >= 0);
        Assert.Contains(result.Hints, h => h.Contains("noeviction", StringComparison.Ordinal));
        Assert.Equal(0, await admin.ProbeConnectionsAsync());
    }

    [RedisFact]
    public async Task Misses_drive_the_hit_ratio_down()
    {
        await using var server = await StartAsync();
        await using var admin = await RedisAdmin.ConnectAsync(server);
        await admin.Db.StringSetAsync("present", "1");
        await admin.Server.ExecuteAsync("CONFIG", "RESETSTAT");
        for (var n = 0; n < 2; n++)
        {
            await admin.Db.StringGetAsync("present");
        }

        for (var n = 0; n < 8; n++)
        {
            await admin.Db.StringGetAsync($"absent:{n}");
        }

        var result = await _harness.RunAsync([("connection", server.Configuration())], "hit_ratio");

        Assert.Null(result.Error);
        Assert.Equal(0.2, ProbeHarness.Number(result, "hit_ratio"), 6);
        Assert.Contains(result.Hints, h => h.Contains("TTL", StringComparison.Ordinal));
        var info = Assert.Single(result.Evidence, e => e.Title == "Redis INFO figures");
        Assert.Contains("keyspace_hits:2", info.Content);
        Assert.Contains("keyspace_misses:8", info.Content);
    }

    [RedisFact]
    public async Task A_low_maxclients_shows_in_the_ratio_then_in_rejected_connections_and_a_full_server_is_named()
    {
        await using var server = await StartAsync(new RedisServerOptions { MaxClients = 4 });
        var raw = new List<TcpClient>();
        try
        {
            for (var n = 0; n < 3; n++)
            {
                raw.Add(await RedisAdmin.RawClientAsync(server.Port));
            }

            var nearlyFull = await _harness.RunAsync([("connection", server.Configuration())], "clients.ratio");

            Assert.Null(nearlyFull.Error);
            Assert.Equal(4, ProbeHarness.Number(nearlyFull, "clients.connected"));
            Assert.Equal(4, ProbeHarness.Number(nearlyFull, "clients.max"));
            Assert.Equal(1.0, ProbeHarness.Number(nearlyFull, "clients.ratio"));
            Assert.Contains(nearlyFull.Hints, h => h.Contains("maxclients", StringComparison.Ordinal));

            raw.Add(await RedisAdmin.RawClientAsync(server.Port));
            var full = await _harness.RunAsync([("connection", server.Configuration())]);

            Assert.True(full.Error?.Cause.Name == "too_many_clients", full.Error?.ToString());
            ProbeHarness.AssertNoSecret(full, PlantedPassword);

            raw[0].Dispose();
            raw.RemoveAt(0);
            var afterwards = await RetryUntilConnectedAsync(server);
            Assert.True(ProbeHarness.Number(afterwards, "rejected_connections") >= 1);
        }
        finally
        {
            raw.ForEach(c => c.Dispose());
        }
    }

    [RedisFact]
    public async Task A_wrong_or_missing_password_is_an_auth_error_that_never_shows_the_password()
    {
        await using var server = await StartAsync();
        const string wrong = "Wr0ng-Pl4nted-redis";

        var wrongPassword = await _harness.RunAsync([("connection", server.Configuration(password: wrong))]);
        var noPassword = await _harness.RunAsync([("connection", $"127.0.0.1:{server.Port}")]);

        Assert.Equal("auth", wrongPassword.Error?.Cause.Name);
        Assert.Equal("auth", noPassword.Error?.Cause.Name);
        Assert.Equal(false, wrongPassword.Measurements.Lookup("connected").Value);
        ProbeHarness.AssertNoSecret(wrongPassword, wrong);
        ProbeHarness.AssertNoSecret(noPassword, PlantedPassword);
    }

    [RedisFact]
    public async Task A_stopped_server_is_refused()
    {
        var server = await StartAsync();
        var configuration = server.Configuration();
        await server.DisposeAsync();

        var result = await _harness.RunAsync([("connection", configuration)]);

        Assert.True(result.Error?.Cause.Name == "refused", result.Error?.ToString());
        Assert.Equal(false, result.Measurements.Lookup("connected").Value);
        ProbeHarness.AssertNoSecret(result, PlantedPassword);
    }

    [RedisFact]
    public async Task The_checks_read_only_command_gives_its_value()
    {
        await using var server = await StartAsync();
        await using var admin = await RedisAdmin.ConnectAsync(server);
        await admin.Db.ListRightPushAsync("jobs", ["a", "b", "c"]);
        await admin.Db.StringSetAsync("counter", "42");

        var llen = await _harness.RunAsync([("connection", server.Configuration()), ("command", "LLEN jobs")]);
        var get = await _harness.RunAsync([("connection", server.Configuration()), ("command", "get counter")]);

        Assert.Equal(3, ProbeHarness.Number(llen, "command.value"));
        Assert.Equal(42, ProbeHarness.Number(get, "command.value"));
    }

    [RedisFact]
    public async Task Slow_commands_are_shown_from_the_slowlog_with_secrets_masked()
    {
        await using var server = await StartAsync(new RedisServerOptions { Settings = new Dictionary<string, string> { ["slowlog-log-slower-than"] = "0" } });
        await using var admin = await RedisAdmin.ConnectAsync(server);
        await admin.Db.StringSetAsync("session:token", PlantedPassword); // a value that happens to be a known secret
        await admin.Db.StringSetAsync("big", new string('z', 500));

        var result = await _harness.RunAsync([("connection", server.Configuration())], "slowlog.count");

        Assert.Null(result.Error);
        Assert.True(ProbeHarness.Number(result, "slowlog.count") >= 2);
        var slowlog = Assert.Single(result.Evidence, e => e.Title.StartsWith("Slowest of the last", StringComparison.Ordinal));
        Assert.Contains("127.0.0.1:", slowlog.Content);
        Assert.DoesNotContain(new string('z', 100), slowlog.Content); // arguments are cut short
        ProbeHarness.AssertNoSecret(result, PlantedPassword);
    }

    private async Task<Serverless.Diag.Probes.ProbeResult> RetryUntilConnectedAsync(RedisServer server)
    {
        // The server notices a closed socket on its next event loop turn.
        for (var attempt = 0; ; attempt++)
        {
            var result = await _harness.RunAsync([("connection", server.Configuration())]);
            if (result.Error is null || attempt == 50)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }
}
