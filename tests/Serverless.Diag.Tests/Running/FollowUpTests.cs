using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Running;

/// <summary><c>on_failure</c>: follow-ups run in the same run when a check fails, and only then.</summary>
public class FollowUpTests
{
    private const string Config = """
        version: 1
        checks:
          - name: api
            type: scripted
            tags: [smoke]
            expect: [status == 200]
            on_failure: [database, cache]
          - name: database
            type: scripted
            schedule: on_failure
            on_failure: [database-locks]
          - name: database-locks
            type: scripted
            schedule: on_failure
            expect: [status == 200]
          - name: cache
            type: scripted
          - name: other
            type: scripted
            tags: [nightly]
        """;

    private static Task<RunReport> RunAsync(ScriptedProbeFactory scripted, RunFilter? filter = null) =>
        new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance)
            .RunAsync(TestConfigs.Plan(Config, scripted, filter), progress: null, CancellationToken.None);

    [Fact]
    public async Task A_passing_check_runs_no_follow_up_and_follow_up_only_checks_are_not_in_the_report()
    {
        var scripted = new ScriptedProbeFactory().Returns("api", 200);

        var report = await RunAsync(scripted);

        Assert.Equal(["api", "cache", "other"], report.AllChecks.Select(c => c.Name));
        Assert.False(scripted.Calls.ContainsKey("database"));
        Assert.Equal(3, report.Summary.Total);
    }

    [Fact]
    public async Task A_failing_check_runs_its_follow_ups_once_and_chains_them_even_when_narrowed_to_it()
    {
        var scripted = new ScriptedProbeFactory().Returns("api", 500).Returns("database", 0).Returns("database-locks", 500);

        var report = await RunAsync(scripted, new RunFilter { Tags = ["smoke"] });

        var api = report.AllChecks.Single(c => c.Name == "api");
        Assert.Equal(CheckStatus.Fail, api.Status);
        Assert.Equal(["database", "cache"], api.FollowUps);
        Assert.Equal("api", report.AllChecks.Single(c => c.Name == "database").FollowUpOf);
        Assert.Equal("api", report.AllChecks.Single(c => c.Name == "cache").FollowUpOf);
        // database passed (no expect), so its own follow-up did not run.
        Assert.DoesNotContain(report.AllChecks, c => c.Name == "database-locks");
        Assert.DoesNotContain(report.AllChecks, c => c.Name == "other");
        Assert.Equal(1, scripted.Calls["database"]);
    }

    [Fact]
    public async Task A_failing_follow_up_triggers_its_own_follow_ups()
    {
        var scripted = new ScriptedProbeFactory().Returns("api", 500).Returns("database-locks", 500)
            .On("database", (_, _) => throw new InvalidOperationException("cannot connect"));

        var report = await RunAsync(scripted);

        Assert.Equal("database", report.AllChecks.Single(c => c.Name == "database-locks").FollowUpOf);
        Assert.Equal(["database-locks"], report.AllChecks.Single(c => c.Name == "database").FollowUps);
        // cache runs on its own here (no filter): it is listed as checked next, but was not started by api.
        Assert.Null(report.AllChecks.Single(c => c.Name == "cache").FollowUpOf);
        Assert.Equal(["database", "cache"], report.AllChecks.Single(c => c.Name == "api").FollowUps);
    }

    [Fact]
    public async Task Naming_a_follow_up_only_check_with_check_runs_it()
    {
        var scripted = new ScriptedProbeFactory().Returns("database-locks", 200);

        var report = await RunAsync(scripted, new RunFilter { Checks = ["database-locks"] });

        Assert.Equal(CheckStatus.Pass, Assert.Single(report.AllChecks).Status);
    }

    [Fact]
    public void Unknown_follow_ups_and_schedules_are_refused_with_positions()
    {
        var errors = TestConfigs.Errors("""
            version: 1
            checks:
              - name: api
                type: http
                url: http://localhost/
                on_failure: [databse, api]
                schedule: on_failur
              - name: database
                type: tcp
                host: localhost
                port: 5432
            """).Select(e => e.ToString()).ToList();

        Assert.Contains("diag.yaml:6:18: 'on_failure' names unknown check 'databse' (did you mean 'database'?)", errors);
        Assert.Contains("diag.yaml:6:27: check 'api' cannot be its own follow-up", errors);
        Assert.Contains("diag.yaml:7:15: unknown schedule 'on_failur' (did you mean 'on_failure'?) (known: on_failure)", errors);
    }
}
