using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;

namespace Serverless.Diag.Tests.State;

public class LocalDirectoryStoreTests
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    failure_threshold: 5\n") + MemoryHarness.Check("db");

    [Fact]
    public async Task State_survives_a_restart_a_new_store_on_the_same_folder_goes_on_counting()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        await harness.RunAsync(Config);
        harness.Store = new LocalDirectoryStore(harness.Root, harness.Time);

        var report = await harness.RunAsync(Config);

        Assert.Equal("pending 2/5", report.AllChecks.First().Pending?.ToString());
    }

    [Fact]
    public async Task A_state_file_that_is_not_JSON_is_reset_with_a_warning_naming_the_file_and_the_run_goes_on()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        await harness.RunAsync(Config);
        await File.WriteAllTextAsync(harness.StateFile(), "{\"version\": 1, \"checks\": {\"api\": ");

        var report = await harness.RunAsync(Config);

        Assert.Contains(report.State!.Warnings, w => w.Contains(harness.StateFile(), StringComparison.Ordinal) && w.Contains("not valid JSON", StringComparison.Ordinal));
        Assert.Equal("pending 1/5", report.AllChecks.First().Pending?.ToString());
        var reloaded = await harness.Store.LoadAsync("default", CancellationToken.None);
        Assert.Empty(reloaded.Warnings);
        Assert.Equal(1, reloaded.Checks["api"].ConsecutiveFailures);
    }

    [Theory]
    [InlineData("{\"version\": 1, \"checks\": {\"api\": {\"revision\": 4, \"failures\": \"many\"}, \"db\": {\"revision\": 2, \"status\": \"pass\", \"passes\": 1}}}", "state of check 'api'")]
    [InlineData("{\"version\": 1, \"checks\": {\"api\": {\"revision\": 4, \"status\": \"exploded\"}, \"db\": {\"revision\": 2, \"status\": \"pass\", \"passes\": 1}}}", "unknown status 'exploded'")]
    [InlineData("{\"version\": 99, \"checks\": {}}", "has version 99, not 1")]
    public async Task Hand_edited_state_with_wrong_types_or_an_unknown_version_is_reset_with_a_warning(string content, string expected)
    {
        using var harness = new MemoryHarness();
        Directory.CreateDirectory(Path.GetDirectoryName(harness.StateFile())!);
        await File.WriteAllTextAsync(harness.StateFile(), content);
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);

        var report = await harness.RunAsync(Config);

        Assert.Contains(report.State!.Warnings, w => w.Contains(expected, StringComparison.Ordinal) && w.Contains(harness.StateFile(), StringComparison.Ordinal));
        Assert.Equal("pending 1/5", report.AllChecks.First().Pending?.ToString());
        var reloaded = await harness.Store.LoadAsync("default", CancellationToken.None);
        Assert.Empty(reloaded.Warnings);
        Assert.Equal(CheckStatus.Fail, reloaded.Checks["api"].Status);
    }

    [Fact]
    public async Task A_write_with_a_stale_token_is_a_conflict_and_the_run_reapplies_on_top_so_no_update_is_lost()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Set("db", passing: true);
        await harness.RunAsync(Config);
        var stale = (await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["api"];
        await harness.RunAsync(Config);

        var outcome = await harness.Store.SaveAsync(
            new StateBatch("default", [stale with { ConsecutiveFailures = 2 }], [], DateTimeOffset.MinValue), CancellationToken.None);

        Assert.Equal(["api"], outcome.Conflicts);
        Assert.Equal(2, (await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["api"].ConsecutiveFailures);
    }

    [Fact]
    public async Task History_older_than_the_retention_is_deleted_as_runs_go()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: true);
        harness.Set("db", passing: true);
        var yaml = "version: 1\nstate:\n  retention: 2d\n" + Config["version: 1\n".Length..];
        await harness.RunAsync(yaml);
        harness.Time.Advance(TimeSpan.FromDays(1));
        await harness.RunAsync(yaml);
        Assert.Equal(4, (await harness.Store.ReadHistoryAsync("default", null, DateTimeOffset.MinValue, CancellationToken.None)).Count);

        harness.Time.Advance(TimeSpan.FromDays(2));
        await harness.RunAsync(yaml);

        var history = await harness.Store.ReadHistoryAsync("default", "api", DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal([harness.Time.GetUtcNow().AddDays(-2), harness.Time.GetUtcNow()], history.Select(h => h.Time).Order());
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(harness.Root, "history", "default")).Length);
    }

    [Fact]
    public async Task A_history_row_holds_the_run_status_cause_failed_assertions_and_numbers()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        harness.Probes.On("db", (_, _) => throw new TimeoutException("slow"));
        var report = await harness.RunAsync(Config);

        var rows = await harness.Store.ReadHistoryAsync("default", null, DateTimeOffset.MinValue, CancellationToken.None);

        var api = rows.Single(r => r.Check == "api");
        Assert.Equal((CheckStatus.Fail, report.State!.RunId), (api.Status, api.RunId));
        Assert.Equal(["status == 200"], api.FailedAssertions);
        Assert.Equal(500, api.Measurements["status"]);
        Assert.Equal(CheckStatus.Error, rows.Single(r => r.Check == "db").Status);
        Assert.NotNull(rows.Single(r => r.Check == "db").ErrorCause);
    }

    [Fact]
    public async Task A_lease_is_refused_to_another_owner_until_released_or_expired()
    {
        using var harness = new MemoryHarness();
        var other = new LocalDirectoryStore(harness.Root, harness.Time);
        var held = await harness.Store.TryAcquireLeaseAsync("incidents|prod", "a", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.NotNull(held);
        Assert.Null(await other.TryAcquireLeaseAsync("incidents|prod", "b", TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.NotNull(await other.TryAcquireLeaseAsync("incidents|staging", "b", TimeSpan.FromMinutes(5), CancellationToken.None));
        await held!.DisposeAsync();
        var afterRelease = await other.TryAcquireLeaseAsync("incidents|prod", "b", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(afterRelease);
        harness.Time.Advance(TimeSpan.FromMinutes(6));
        Assert.NotNull(await harness.Store.TryAcquireLeaseAsync("incidents|prod", "a", TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public void Names_become_keys_and_file_names_without_separators_and_back()
    {
        foreach (var name in new[] { "api", "a/b#c?d\\e", "café ☕", "x|y", "%" , ""})
        {
            var key = StoreKeys.Escape(name);
            Assert.DoesNotContain('/', key);
            Assert.DoesNotContain('|', key);
            Assert.DoesNotContain('#', key);
            Assert.Equal(name, StoreKeys.Unescape(key));
        }
    }
}
