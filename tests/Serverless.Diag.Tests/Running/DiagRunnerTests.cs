using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Running;

public class DiagRunnerTests
{
    private static Task<RunReport> RunAsync(string yaml, ScriptedProbeFactory scripted, RunFilter? filter = null, int maxConcurrency = 16, Func<string, string?>? environment = null) =>
        new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance, new RunnerOptions { MaxConcurrency = maxConcurrency })
            .RunAsync(TestConfigs.Plan(yaml, scripted, filter, environment), progress: null, CancellationToken.None);

    private static string Checks(params string[] names) =>
        "version: 1\nchecks:\n" + string.Concat(names.Select(n => $"  - name: {n}\n    type: scripted\n    timeout: 1s\n"));

    [Fact]
    public async Task A_probe_that_hangs_is_an_error_with_cause_timeout_within_its_timeout_and_a_margin()
    {
        var scripted = new ScriptedProbeFactory()
            .On("hangs", async (_, _) =>
            {
                await Task.Delay(Timeout.Infinite, CancellationToken.None); // ignores its token on purpose
                return new ProbeResult();
            })
            .Returns("fine", 200);

        var started = TimeProvider.System.GetTimestamp();
        var report = await RunAsync(Checks("hangs", "fine"), scripted);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        var hangs = report.AllChecks.Single(c => c.Name == "hangs");
        Assert.Equal(CheckStatus.Error, hangs.Status);
        Assert.Equal(ErrorCause.Timeout, hangs.Error!.Cause);
        Assert.Equal("no result within 1s", hangs.Error.Message);
        Assert.Equal(CheckStatus.Pass, report.AllChecks.Single(c => c.Name == "fine").Status);
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task A_probe_that_throws_is_an_error_and_the_others_still_run()
    {
        var scripted = new ScriptedProbeFactory()
            .On("throws", (_, _) => throw new InvalidOperationException("probe bug"))
            .Returns("fine", 200);

        var report = await RunAsync(Checks("throws", "fine"), scripted);

        var thrown = report.AllChecks.Single(c => c.Name == "throws");
        Assert.Equal(CheckStatus.Error, thrown.Status);
        Assert.Equal(ErrorCause.Internal, thrown.Error!.Cause);
        Assert.Contains("probe bug", thrown.Error.Message, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, report.AllChecks.Single(c => c.Name == "fine").Status);
        Assert.Equal(RunStatus.Fail, report.Status);
        Assert.Equal(new RunSummary(2, 1, 0, 0, 1, 0), report.Summary);
    }

    [Fact]
    public async Task A_failed_dependency_skips_its_dependents_transitively_and_records_why()
    {
        var scripted = new ScriptedProbeFactory()
            .On("api", (_, _) => Task.FromResult(ProbeResult.Failed(ErrorCause.Refused, "connection refused")));
        var yaml = """
            version: 1
            checks:
              - name: api
                type: scripted
              - name: db
                type: scripted
                depends_on: [api]
              - name: queue
                type: scripted
                depends_on: [db]
              - name: independent
                type: scripted
            """;

        var report = await RunAsync(yaml, scripted);

        var db = report.AllChecks.Single(c => c.Name == "db");
        Assert.Equal(CheckStatus.Skipped, db.Status);
        Assert.Equal("dependency 'api' is error", db.SkipReason);
        Assert.Equal("api", db.SkippedBecauseOf);
        var queue = report.AllChecks.Single(c => c.Name == "queue");
        Assert.Equal(CheckStatus.Skipped, queue.Status);
        Assert.Equal("api", queue.SkippedBecauseOf);
        Assert.False(scripted.Calls.ContainsKey("db"));
        Assert.Equal(1, scripted.Calls["independent"]);
    }

    [Fact]
    public async Task Retries_until_the_check_passes_and_counts_attempts()
    {
        var attempts = 0;
        var scripted = new ScriptedProbeFactory().On("flaky", (_, _) =>
            Task.FromResult(Interlocked.Increment(ref attempts) < 3 ? ProbeResult.Failed(ErrorCause.Reset, "reset") : new ProbeResult()));

        var report = await RunAsync("version: 1\nchecks:\n  - name: flaky\n    type: scripted\n    retries: 3\n    retry_delay: 10ms\n", scripted);

        var flaky = report.AllChecks.Single();
        Assert.Equal(CheckStatus.Pass, flaky.Status);
        Assert.Equal(3, flaky.Attempts);
    }

    [Fact]
    public async Task Concurrency_is_bounded()
    {
        var running = 0;
        var peak = 0;
        var scripted = new ScriptedProbeFactory();
        var names = Enumerable.Range(1, 12).Select(i => $"c{i}").ToArray();
        foreach (var name in names)
        {
            scripted.On(name, async (_, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(50, ct);
                Interlocked.Decrement(ref running);
                return new ProbeResult();
            });
        }

        var report = await RunAsync(Checks(names), scripted, maxConcurrency: 3);

        Assert.Equal(12, report.Summary.Pass);
        Assert.InRange(peak, 2, 3);
    }

    [Fact]
    public async Task Filters_select_checks_by_name_and_tag()
    {
        var yaml = """
            version: 1
            checks:
              - name: a
                type: scripted
                tags: [smoke]
              - name: b
                type: scripted
              - name: c
                type: scripted
                tags: [smoke, db]
            """;

        var byTag = await RunAsync(yaml, new ScriptedProbeFactory(), new RunFilter { Tags = ["smoke"] });
        var byName = await RunAsync(yaml, new ScriptedProbeFactory(), new RunFilter { Checks = ["b"] });

        Assert.Equal(["a", "c"], byTag.AllChecks.Select(c => c.Name));
        Assert.Equal(["b"], byName.AllChecks.Select(c => c.Name));
    }

    [Fact]
    public async Task Load_checks_are_skipped_where_the_environment_does_not_allow_load()
    {
        var report = await RunAsync("""
            version: 1
            environments:
              staging: {}
            checks:
              - name: burst
                type: http-load
                url: http://127.0.0.1:9/
                requests: 10
                concurrency: 1
            """, new ScriptedProbeFactory());

        var burst = report.AllChecks.Single();
        Assert.Equal(CheckStatus.Skipped, burst.Status);
        Assert.Equal("load checks need 'allow_load: true' on environment 'staging'", burst.SkipReason);
    }

    [Fact]
    public async Task A_probe_warning_turns_a_passing_check_into_warn_and_shows_in_the_report()
    {
        var scripted = new ScriptedProbeFactory().On("partial", (_, _) =>
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", 200d);
            result.Warnings.Add("partial results: row limit reached");
            return Task.FromResult(result);
        });

        var report = await RunAsync("version: 1\nchecks:\n  - name: partial\n    type: scripted\n    expect: [status == 200]\n", scripted);

        var check = report.AllChecks.Single();
        Assert.Equal(CheckStatus.Warn, check.Status);
        Assert.Equal(RunStatus.Warn, report.Status);
        Assert.Equal("partial results: row limit reached", check.Headline);
        Assert.Contains("\"warnings\": [", Serverless.Diag.Sinks.Json.JsonReportWriter.ToJson(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_from_the_environment_are_redacted_from_errors_evidence_and_measurements()
    {
        const string planted = "planted-Secret-42";
        var scripted = new ScriptedProbeFactory().On("leaky", (context, _) =>
        {
            var result = ProbeResult.Failed(ErrorCause.Auth, $"login failed for password {planted}");
            result.Evidence.Add(new Evidence($"body with {planted}", $"token={planted}"));
            result.Measurements.Set("value", $"x{planted}x");
            result.Hints.Add($"rotate {planted}");
            return Task.FromResult(result);
        });

        var report = await RunAsync("version: 1\nchecks:\n  - name: leaky\n    type: scripted\n    token: ${env:TOKEN}\n", scripted, environment: n => n == "TOKEN" ? planted : null);

        var leaky = report.AllChecks.Single();
        Assert.Equal("login failed for password ***", leaky.Error!.Message);
        Assert.Equal("token=***", leaky.Evidence.Single().Content);
        Assert.Equal("body with ***", leaky.Evidence.Single().Title);
        Assert.Equal("x***x", leaky.Measurements["value"]);
        Assert.Equal("rotate ***", leaky.Hints.Single());
    }

    [Fact]
    public async Task A_probe_that_answers_its_cancelled_token_reports_its_own_timeout_rather_than_being_abandoned()
    {
        var scripted = new ScriptedProbeFactory().On("slow", async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
            }

            return ProbeResult.Failed(ErrorCause.Timeout, "connected in 3ms, then no response headers");
        });

        var report = await RunAsync(Checks("slow"), scripted);

        var slow = report.AllChecks.Single();
        Assert.Equal(ErrorCause.Timeout, slow.Error!.Cause);
        Assert.Equal("connected in 3ms, then no response headers", slow.Error.Message);
    }

    [Fact]
    public async Task Deferred_evidence_is_built_once_and_only_for_a_check_that_did_not_pass()
    {
        var builds = new ConcurrentDictionary<string, int>();
        ProbeResult Deferring(string name, double status)
        {
            var result = new ProbeResult();
            result.Measurements.Set("status", status);
            result.DeferEvidence(() =>
            {
                builds.AddOrUpdate(name, 1, (_, n) => n + 1);
                return [new Evidence("Response", $"{name} answered {status}")];
            });
            return result;
        }

        var scripted = new ScriptedProbeFactory()
            .On("healthy", (_, _) => Task.FromResult(Deferring("healthy", 200)))
            .On("broken", (_, _) => Task.FromResult(Deferring("broken", 503)));
        var yaml = "version: 1\nchecks:\n" + string.Concat(new[] { "healthy", "broken" }.Select(n => $"  - name: {n}\n    type: scripted\n    expect: [status == 200]\n"));

        var report = await RunAsync(yaml, scripted);

        Assert.Empty(report.AllChecks.Single(c => c.Name == "healthy").Evidence);
        Assert.False(builds.ContainsKey("healthy"));
        Assert.Equal("broken answered 503", report.AllChecks.Single(c => c.Name == "broken").Evidence.Single().Content);
        Assert.Equal(1, builds["broken"]);
    }

    [Fact]
    public async Task Cancelling_the_run_ends_it_promptly_with_checks_still_queued_and_dependents_waiting()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scripted = new ScriptedProbeFactory();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            scripted.On(name, async (_, token) =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
                return new ProbeResult();
            });
        }

        var yaml = Checks("a", "b", "c", "d") + "  - name: after\n    type: scripted\n    depends_on: [a]\n";
        using var cancel = new CancellationTokenSource();
        var run = new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance, new RunnerOptions { MaxConcurrency = 2 })
            .RunAsync(TestConfigs.Plan(yaml, scripted), progress: null, cancel.Token);

        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.False(scripted.Calls.ContainsKey("after"));
    }

    [Fact]
    public async Task A_plan_without_checks_ends_at_once_with_an_empty_summary()
    {
        var plan = TestConfigs.Plan(Checks("only"), new ScriptedProbeFactory());
        var empty = plan with { Environments = [] };

        var report = await new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance)
            .RunAsync(empty, progress: null, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Empty(report.Environments);
        Assert.Equal(0, report.Summary.Total);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [Theory]
    [InlineData(30, "fail", 1)]
    [InlineData(50, "fail", 2)]
    public async Task A_failed_finding_fails_the_check_and_the_users_assertions_are_still_judged(double latency, string expected, int failing)
    {
        var scripted = new ScriptedProbeFactory().On("cache", (_, _) =>
        {
            var result = new ProbeResult();
            result.Measurements.Set("latency", latency);
            result.Findings.Add(new ProbeFinding("redis accepts writes", "OOM command not allowed when used memory > 'maxmemory'."));
            return Task.FromResult(result);
        });

        var report = await RunAsync("version: 1\nchecks:\n  - name: cache\n    type: scripted\n    expect: [latency < 40]\n", scripted);

        var check = report.AllChecks.Single();
        Assert.Equal(expected, check.Status.ToWire());
        Assert.Null(check.Error);
        Assert.Equal(2, check.Assertions.Count);
        Assert.Equal(failing, check.Assertions.Count(a => !a.Passed));
        var finding = check.Assertions.Single(a => a.Expression == "redis accepts writes");
        Assert.False(finding.Passed);
        Assert.Equal("OOM command not allowed when used memory > 'maxmemory'.", finding.Actual);
        Assert.Equal("a built-in check of this check type", finding.Message);
        Assert.Equal(latency < 40, check.Assertions.Single(a => a.Expression == "latency < 40").Passed);
    }
}
