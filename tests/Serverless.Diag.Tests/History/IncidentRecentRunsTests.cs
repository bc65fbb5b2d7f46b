using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;
using Serverless.Diag.State;
using Serverless.Diag.State.History;
using Serverless.Diag.State.Local;
using Serverless.Diag.Tests.Incidents;
using static Serverless.Diag.Tests.State.History.Timelines;

namespace Serverless.Diag.Tests.History;

/// <summary>The incident body shows the check's runs before this one, so its reader sees whether the failure is new.</summary>
public sealed class IncidentRecentRunsTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("diag-recent-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private static string Body(IReadOnlyList<HistoryEntry> runs, SecretRedactor? secrets = null)
    {
        var check = RenderingTests.Check("api", ("status == 200", "503")) with { RecentRuns = runs };
        return SectionRenderer.Render(RenderingTests.Incident(check), RenderingTests.Context(secrets), RenderBudget.Steps[0]).AdditionalContext;
    }

    [Fact]
    public void After_passing_runs_the_body_says_the_failure_is_new_and_lists_the_runs_newest_first()
    {
        var body = Body([Run("01:00", CheckStatus.Pass, 120), Run("01:05", CheckStatus.Pass, 135)]);

        Assert.Contains("the 2 run(s) before this one passed, so this failure is new.", body, StringComparison.Ordinal);
        Assert.True(body.IndexOf("2026-11-30 01:05 | pass | 135 ms", StringComparison.Ordinal) < body.IndexOf("2026-11-30 01:00 | pass | 120 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flapping_check_shows_how_many_runs_failed_and_when_it_last_passed_with_causes_redacted()
    {
        var secrets = new SecretRedactor();
        secrets.Add("hunter2-token");
        var failing = Run("01:10", CheckStatus.Fail) with { FailedAssertions = ["header.x == \"hunter2-token\""] };

        var body = Body([Run("01:00", CheckStatus.Error, cause: "timeout"), Run("01:05", CheckStatus.Pass), failing], secrets);

        Assert.Contains("2 of the 3 run(s) before this one failed; the last pass was at 2026-11-30 01:05 UTC.", body, StringComparison.Ordinal);
        Assert.Contains("| timeout |", body, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-token", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_baselines_the_assertions_compared_with_are_shown_with_their_runs_or_why_there_is_none()
    {
        var check = RenderingTests.Check("api", ("latency < 2x baseline", "900ms")) with
        {
            Baselines = [new Serverless.Diag.Assertions.BaselineFigure("latency", 120.5, 42, 10, "7-day median"), new Serverless.Diag.Assertions.BaselineFigure("p95", null, 4, 10, "7-day p95")],
        };

        var body = SectionRenderer.Render(RenderingTests.Incident(check), RenderingTests.Context(), RenderBudget.Steps[0]).AdditionalContext;

        Assert.Contains("- `latency`: 120.5 (7-day median, 42 passing runs)", body, StringComparison.Ordinal);
        Assert.Contains("- `p95`: no baseline yet: 4 of 10 runs", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_history_the_body_has_no_recent_runs_section()
    {
        Assert.DoesNotContain("Recent runs", Body([]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_checks_get_their_stored_runs_before_this_run_and_passing_checks_none()
    {
        var store = new LocalDirectoryStore(_state);
        List<HistoryEntry> rows =
        [
            .. Every(5, "00:00", "00:50", CheckStatus.Pass),
            Run("00:55", CheckStatus.Fail) with { RunId = "this-run" },
            .. Every(5, "00:00", "00:55", CheckStatus.Pass, "db"),
        ];
        await store.SaveAsync(new StateBatch("prod", [], [.. rows.Select(r => r with { Environment = "prod" })], DateTimeOffset.MinValue), CancellationToken.None);
        var report = new RunReport
        {
            Version = "test",
            StartedAt = At("00:55"),
            DurationMs = 1,
            Status = RunStatus.Fail,
            Summary = new RunSummary(2, 1, 0, 1, 0, 0),
            Environments =
            [
                new EnvironmentReport("prod", RunStatus.Fail,
                [
                    new CheckReport { Name = "api", Type = "http", Environment = "prod", Status = CheckStatus.Fail, Severity = Serverless.Diag.Configuration.Severity.P1 },
                    new CheckReport { Name = "db", Type = "tcp", Environment = "prod", Status = CheckStatus.Pass, Severity = Serverless.Diag.Configuration.Severity.P1 },
                ]),
            ],
        };

        var attached = await RecentRuns.AttachAsync(report, store, "this-run", null, CancellationToken.None);

        var api = attached.Environments[0].Checks[0];
        Assert.Equal(RecentRuns.Count, api.RecentRuns.Count);
        Assert.Equal(At("00:50"), api.RecentRuns[^1].Time);
        Assert.Empty(attached.Environments[0].Checks[1].RecentRuns);
    }
}
