using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;

namespace Serverless.Diag.Tests.State;

/// <summary>
/// Two hosts sharing one state directory whose own clocks are twenty minutes apart: the run orders history and
/// decides what is due by the store's clock (the file system's), so neither host's skew shows.
/// </summary>
public class ClockSkewTests
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    interval: 5m\n    failure_threshold: 10\n");

    private static (FakeTimeProvider Ahead, FakeTimeProvider Behind) SkewedHosts()
    {
        var now = TimeProvider.System.GetUtcNow();
        return (new FakeTimeProvider(now.AddMinutes(10)), new FakeTimeProvider(now.AddMinutes(-10)));
    }

    [Fact]
    public async Task A_host_whose_clock_runs_ahead_does_not_rerun_a_check_the_host_behind_ran_a_moment_ago()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        var (ahead, behind) = SkewedHosts();

        var first = await harness.RunOnAsync(behind, new LocalDirectoryStore(harness.Root), Config, dueOnly: true);
        var second = await harness.RunOnAsync(ahead, new LocalDirectoryStore(harness.Root), Config, dueOnly: true);

        // On the hosts' own clocks the check last ran twenty minutes before "now" on the host ahead: due again.
        Assert.Single(first.AllChecks);
        Assert.Empty(second.AllChecks);
        Assert.Equal(["default/api"], second.State!.NotDue);
        Assert.Equal(1, harness.Probes.Calls["api"]);
    }

    [Fact]
    public async Task History_and_state_carry_the_store_clock_so_the_later_run_is_newer_whichever_host_made_it()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        var (ahead, behind) = SkewedHosts();
        var before = TimeProvider.System.GetUtcNow();

        var earlier = await harness.RunOnAsync(ahead, new LocalDirectoryStore(harness.Root), Config);
        var later = await harness.RunOnAsync(behind, new LocalDirectoryStore(harness.Root), Config);
        var after = TimeProvider.System.GetUtcNow();

        var store = new LocalDirectoryStore(harness.Root);
        var history = await store.ReadHistoryAsync("default", "api", DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal([later.State!.RunId, earlier.State!.RunId], history.Select(h => h.RunId));
        Assert.All(history, h => Assert.InRange(h.Time, before.AddSeconds(-5), after.AddSeconds(5)));
        var state = (await store.LoadAsync("default", CancellationToken.None)).Checks["api"];
        Assert.Equal(later.State.RunId, state.LastRunId);
        Assert.Equal(2, state.ConsecutiveFailures);
        Assert.InRange(state.LastRunAt!.Value, before.AddSeconds(-5), after.AddSeconds(5));
        Assert.InRange(state.StatusSince!.Value, before.AddSeconds(-5), state.LastRunAt.Value);
    }

    [Fact]
    public async Task The_directory_store_reads_its_time_from_the_file_system_not_from_the_host()
    {
        using var harness = new MemoryHarness();
        var before = TimeProvider.System.GetUtcNow();

        var snapshot = await new LocalDirectoryStore(harness.Root).LoadAsync("default", CancellationToken.None);
        var lease = await new LocalDirectoryStore(harness.Root).TryAcquireLeaseAsync("incidents|default", "a", TimeSpan.FromMinutes(5), CancellationToken.None);
        var other = await new LocalDirectoryStore(harness.Root).TryAcquireLeaseAsync("incidents|default", "b", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.InRange(snapshot.StoreTime, before.AddSeconds(-5), TimeProvider.System.GetUtcNow().AddSeconds(5));
        Assert.NotNull(lease);
        Assert.Null(other);
    }
}
