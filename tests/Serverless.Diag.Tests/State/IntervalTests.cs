using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.State;

public class IntervalTests
{
    private static string Config(params string[] checks) => "version: 1\nchecks:\n" + string.Concat(checks);

    [Fact]
    public async Task A_check_runs_when_its_interval_has_passed_and_is_left_out_of_the_report_until_then()
    {
        using var harness = new MemoryHarness();
        harness.Set("slow", passing: true);
        harness.Set("fast", passing: true);
        var yaml = Config(MemoryHarness.Check("slow", "    interval: 15m\n"), MemoryHarness.Check("fast"));

        var first = await harness.RunAsync(yaml, dueOnly: true);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var early = await harness.RunAsync(yaml, dueOnly: true);
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        var due = await harness.RunAsync(yaml, dueOnly: true);

        Assert.Equal(["slow", "fast"], first.AllChecks.Select(c => c.Name));
        Assert.Equal(["fast"], early.AllChecks.Select(c => c.Name));
        Assert.Equal(["default/slow"], early.State!.NotDue);
        Assert.Equal(1, early.Summary.Total);
        Assert.Equal(["slow", "fast"], due.AllChecks.Select(c => c.Name));
        Assert.Equal(2, harness.Probes.Calls["slow"]);
    }

    [Fact]
    public async Task A_failing_check_is_rechecked_at_its_faster_interval()
    {
        using var harness = new MemoryHarness();
        var yaml = Config(MemoryHarness.Check("db", "    interval: 1h\n    interval_when_failing: 1m\n"));
        harness.Set("db", passing: false);

        await harness.RunAsync(yaml, dueOnly: true);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var failing = await harness.RunAsync(yaml, dueOnly: true);
        harness.Set("db", passing: true);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var recovered = await harness.RunAsync(yaml, dueOnly: true);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var passingAgain = await harness.RunAsync(yaml, dueOnly: true);

        Assert.Single(failing.AllChecks);
        Assert.Equal(CheckStatus.Pass, recovered.AllChecks.Single().Status);
        Assert.Empty(passingAgain.AllChecks);
    }

    [Fact]
    public async Task A_check_added_to_the_config_is_due_at_once_and_a_removed_one_keeps_its_state_untouched()
    {
        using var harness = new MemoryHarness();
        harness.Set("old", passing: false);
        harness.Set("new", passing: true);
        await harness.RunAsync(Config(MemoryHarness.Check("old", "    interval: 1h\n")), dueOnly: true);
        var before = (await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["old"];

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var report = await harness.RunAsync(Config(MemoryHarness.Check("new", "    interval: 1h\n")), dueOnly: true);

        Assert.Equal(["new"], report.AllChecks.Select(c => c.Name));
        var after = (await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["old"];
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Without_due_only_every_check_runs_and_a_dependent_of_a_check_that_is_not_due_runs_without_waiting()
    {
        using var harness = new MemoryHarness();
        harness.Set("base", passing: true);
        harness.Set("child", passing: true);
        var yaml = Config(MemoryHarness.Check("base", "    interval: 1h\n"), MemoryHarness.Check("child", "    depends_on: [base]\n"));
        await harness.RunAsync(yaml, dueOnly: true);
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var dueOnly = await harness.RunAsync(yaml, dueOnly: true);
        var all = await harness.RunAsync(yaml, dueOnly: false);

        Assert.Equal(["child"], dueOnly.AllChecks.Select(c => c.Name));
        Assert.Equal(CheckStatus.Pass, dueOnly.AllChecks.Single().Status);
        Assert.Equal(["base", "child"], all.AllChecks.Select(c => c.Name));
        Assert.Empty(all.State!.NotDue);
    }

    [Fact]
    public void Due_allows_a_tenth_of_the_interval_for_timer_jitter_and_at_most_thirty_seconds()
    {
        var memory = new Serverless.Diag.Configuration.CheckMemory(null, null, TimeSpan.FromMinutes(15), null, null);
        var ran = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var state = Serverless.Diag.State.CheckState.Empty("e", "c") with { LastRunAt = ran, Status = CheckStatus.Pass };

        Assert.False(Serverless.Diag.State.DueRules.IsDue(memory, state, ran.AddMinutes(14)));
        Assert.True(Serverless.Diag.State.DueRules.IsDue(memory, state, ran.AddMinutes(14).AddSeconds(31)));
        Assert.True(Serverless.Diag.State.DueRules.IsDue(memory, null, ran));
    }
}
