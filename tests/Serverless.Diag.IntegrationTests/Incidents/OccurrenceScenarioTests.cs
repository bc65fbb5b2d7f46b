using Serverless.Diag.Incidents;
using Xunit.Abstractions;
using static Serverless.Diag.IntegrationTests.Incidents.Reports;

namespace Serverless.Diag.IntegrationTests.Incidents;

/// <summary>Hosts create a sink per run: occurrences must come from a stored state, not from a sink that lives on.</summary>
public sealed class OccurrenceScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_sink_per_run_sharing_a_state_store_counts_every_failing_run_without_writing_each()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        var states = new InMemoryIncidentStateStore();
        for (var run = 0; run < 13; run++)
        {
            h.Sink = h.NewSink(states);
            await h.RunAsync(Failing("database"));
        }

        var counts = h.Counts("13 runs, a new sink each");
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains("| 13 | 0 | P1 |", issue.Body);
        Assert.Equal(2, counts.Writes);
    }

    [Fact]
    public async Task Without_a_shared_store_the_issue_state_is_the_record_and_nothing_is_lost_or_invented()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        for (var run = 0; run < 13; run++)
        {
            h.Sink = h.NewSink();
            await h.RunAsync(Failing("database"));
        }

        // Only the runs that wrote the issue (the opening and the hourly refresh) are on record.
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Contains("| 2 | 0 | P1 |", issue.Body);
    }

    [Fact]
    public async Task A_state_another_host_wrote_to_the_issue_since_wins_over_an_older_stored_one()
    {
        await using var h = await IncidentHarness.StartAsync(output);
        var mine = new InMemoryIncidentStateStore();
        var theirs = new InMemoryIncidentStateStore();
        h.Sink = h.NewSink(mine);
        await h.RunAsync(Failing("database"));
        await h.RunAsync(Failing("database"));

        // Another instance sees a new assertion fail and rewrites the issue; this one's stored copy is now older.
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await h.PublishAsync(Run(h.Clock.GetUtcNow(), Worse()), h.NewSink(theirs));
        await h.RunAsync(Worse());

        // Deciding from the older stored copy would announce the new assertion a second time.
        var issue = Assert.Single(h.GitHub.Issues);
        Assert.Single(issue.Comments);
        Assert.Contains("| 2 | 0 | P1 |", issue.Body);
    }

    private static Serverless.Diag.Reporting.CheckReport Worse() =>
        Failing("database", failed: [("connections.ratio < 80%", "93%"), ("blocked.count == 0", "3")]);
}
