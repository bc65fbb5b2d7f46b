using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.State;

public class ThresholdTests
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    failure_threshold: 3\n    success_threshold: 2\n");

    [Fact]
    public async Task A_failing_check_is_reported_as_fail_and_pending_until_its_third_consecutive_failure()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        var pending = new List<string?>();
        for (var run = 0; run < 4; run++)
        {
            var check = (await harness.RunAsync(Config)).AllChecks.Single();
            Assert.Equal(CheckStatus.Fail, check.Status);
            pending.Add(check.Pending?.ToString());
            harness.Time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(["pending 1/3", "pending 2/3", null, null], pending);
    }

    [Fact]
    public async Task A_pass_in_between_starts_the_count_again()
    {
        using var harness = new MemoryHarness();
        var seen = new List<string?>();
        foreach (var passing in new[] { false, false, true, false, false })
        {
            harness.Set("api", passing);
            seen.Add((await harness.RunAsync(Config)).AllChecks.Single().Pending?.ToString());
        }

        Assert.Equal(["pending 1/3", "pending 2/3", null, "pending 1/3", "pending 2/3"], seen);
    }

    [Fact]
    public async Task Retries_inside_a_run_apply_first_a_run_that_passes_on_retry_counts_as_a_pass()
    {
        using var harness = new MemoryHarness();
        var attempts = 0;
        harness.Probes.On("api", (_, _) =>
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", Interlocked.Increment(ref attempts) % 2 == 1 ? 500d : 200d);
            return Task.FromResult(result);
        });
        var yaml = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    failure_threshold: 3\n    retries: 1\n    retry_delay: 0s\n");

        var check = (await harness.RunAsync(yaml)).AllChecks.Single();

        Assert.Equal(CheckStatus.Pass, check.Status);
        Assert.Equal(2, check.Attempts);
        var state = (await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["api"];
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(1, state.ConsecutivePasses);
    }

    [Fact]
    public async Task Consecutive_passes_count_to_the_success_threshold_and_a_steady_check_then_costs_no_state_write()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: true);
        var revisions = new List<string?>();
        for (var run = 0; run < 4; run++)
        {
            await harness.RunAsync(Config);
            revisions.Add((await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["api"].ETag);
        }

        var state = (await harness.Store.LoadAsync("default", CancellationToken.None)).Checks["api"];
        Assert.Equal(2, state.ConsecutivePasses);
        Assert.Equal(["r1", "r2", "r2", "r2"], revisions);
    }

    [Fact]
    public void Without_a_store_a_threshold_above_one_or_an_interval_is_a_config_error_naming_DIAG_STATE_and_the_line()
    {
        var harness = new MemoryHarness();
        var yaml = "version: 1\ngithub:\n  failure_threshold: 2\nchecks:\n" + MemoryHarness.Check("api", "    interval: 15m\n") + MemoryHarness.Check("ok", "    failure_threshold: 1\n");
        var config = harness.Config(yaml);

        var error = Assert.Throws<ConfigException>(() => harness.Pipeline().Plan(config, Serverless.Diag.Running.RunFilter.All, stateConfigured: false));

        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.ToString().StartsWith("diag.yaml:3:22: 'failure_threshold: 2'", StringComparison.Ordinal) && e.Message.Contains("DIAG_STATE", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.ToString().StartsWith("diag.yaml:9:15: 'interval: 15m' (check api)", StringComparison.Ordinal) && e.Message.Contains("--state", StringComparison.Ordinal));
        harness.Pipeline().Plan(config, Serverless.Diag.Running.RunFilter.All, stateConfigured: true);
    }

    [Fact]
    public void Thresholds_come_from_the_check_then_defaults_then_github_and_close_after_is_the_other_name_of_success_threshold()
    {
        var config = TestConfigs.Parse(
            "version: 1\ndefaults:\n  failure_threshold: 4\ngithub:\n  failure_threshold: 2\n  close_after: 5\nchecks:\n"
            + MemoryHarness.Check("own", "    failure_threshold: 7\n    success_threshold: 1\n") + MemoryHarness.Check("inherits"));

        Assert.Equal(7, StatePolicy.FailureThreshold(config.FindCheck("own")!, config));
        Assert.Equal(1, StatePolicy.SuccessThreshold(config.FindCheck("own")!, config));
        Assert.Equal(4, StatePolicy.FailureThreshold(config.FindCheck("inherits")!, config));
        Assert.Equal(5, StatePolicy.SuccessThreshold(config.FindCheck("inherits")!, config));
        Assert.Equal(5, GitHub.GitHubSettings.Of(config).CloseAfter);

        var both = TestConfigs.Errors("version: 1\ngithub:\n  close_after: 2\n  success_threshold: 3\nchecks:\n" + MemoryHarness.Check("a"));
        Assert.Contains(both, e => e.Message.Contains("another name for 'github.success_threshold'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_transition_is_pure_and_a_skipped_run_changes_nothing()
    {
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var empty = CheckState.Empty("prod", "api");
        var failed = StateTransition.Next(empty, CheckStatus.Error, now, "r1", 3, 2, tracksRuns: true);

        Assert.Equal(1, failed.ConsecutiveFailures);
        Assert.Equal(now, failed.StatusSince);
        Assert.Equal(now, failed.LastRunAt);
        Assert.Same(failed, StateTransition.Next(failed, CheckStatus.Skipped, now.AddMinutes(1), "r2", 3, 2, tracksRuns: true));
        var warned = StateTransition.Next(failed, CheckStatus.Warn, now.AddMinutes(2), "r3", 3, 2, tracksRuns: false);
        Assert.Equal((0, 1, now.AddMinutes(2), now), (warned.ConsecutiveFailures, warned.ConsecutivePasses, warned.StatusSince!.Value, warned.LastRunAt!.Value));
    }
}
