using Serverless.Diag.Incidents;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.Incidents;

public sealed class ObservationReaderTests
{
    [Fact]
    public void Skipped_checks_are_grouped_under_the_failing_root_of_their_chain()
    {
        var report = Report(
            RenderingTests.Check("api", ("status == 200", "500")),
            Skipped("db", "api"),
            Skipped("orders", "db"),
            Skipped("filtered", null));

        var observations = ObservationReader.Read(report, stormThreshold: 10);

        var incident = Assert.Single(observations.Failing, f => !f.IsStorm);
        Assert.Equal("staging/api", incident.Fingerprint);
        Assert.Equal(["db", "orders"], incident.Related.Select(c => c.Name));
        Assert.DoesNotContain("staging/db", observations.Passing);
        Assert.Contains("staging/*", observations.Passing);
    }

    [Fact]
    public void More_failures_than_the_threshold_make_a_storm_that_holds_back_new_issues()
    {
        var checks = Enumerable.Range(0, 4).Select(i => RenderingTests.Check($"c{i}", ("x == 1", "2"))).ToArray();

        var observations = ObservationReader.Read(Report(checks), stormThreshold: 3);

        var storm = Assert.Single(observations.Failing, f => f.IsStorm);
        Assert.Equal("staging/*", storm.Fingerprint);
        Assert.Equal(["c0", "c1", "c2", "c3"], storm.Failing);
        Assert.All(observations.Failing.Where(f => !f.IsStorm), f => Assert.False(f.MayOpen));
    }

    [Fact]
    public void A_warning_counts_as_passing_for_recovery()
    {
        var warn = RenderingTests.Check("api") with { Status = CheckStatus.Warn };

        Assert.Contains("staging/api", ObservationReader.Read(Report(warn), 10).Passing);
    }

    [Fact]
    public void Failing_items_are_bounded_so_the_state_block_stays_small()
    {
        var many = RenderingTests.Check("api", [.. Enumerable.Range(0, 500).Select(i => ($"json.a{i:000} exists", "no"))]);

        Assert.Equal(ObservationReader.MaxItems, ObservationReader.FailingItems(many).Count);
    }

    private static CheckReport Skipped(string name, string? because) => new()
    {
        Name = name, Type = "http", Environment = "staging", Status = CheckStatus.Skipped, Severity = Severity.P2, SkippedBecauseOf = because,
    };

    private static RunReport Report(params CheckReport[] checks) => new()
    {
        Version = "0.1.0",
        StartedAt = DateTimeOffset.UnixEpoch,
        DurationMs = 1,
        Status = RunStatus.Fail,
        Environments = [new EnvironmentReport("staging", RunStatus.Fail, checks)],
        Summary = RunSummary.Of(checks),
    };
}
