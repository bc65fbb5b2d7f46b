using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.State.History;
using static Serverless.Diag.Tests.State.History.Timelines;

namespace Serverless.Diag.Tests.State.History;

/// <summary>Availability arithmetic against timelines computed by hand (a check every 5 minutes; a run speaks for 15).</summary>
public class AvailabilityTimelineTests
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);
    private static readonly (DateTimeOffset, DateTimeOffset)[] NoWindows = [];

    // 00:00-01:00 passing; fails at 01:05 and 01:10; the host restarts and nothing runs until 01:50, still failing;
    // passes again from 01:55 to 05:55.
    private static List<HistoryEntry> OutageAcrossRestart() =>
    [
        .. Every(5, "00:00", "01:00", CheckStatus.Pass),
        Run("01:05", CheckStatus.Fail, cause: "timeout"),
        Run("01:10", CheckStatus.Error, cause: "refused"),
        Run("01:50", CheckStatus.Fail),
        .. Every(5, "01:55", "05:55", CheckStatus.Pass),
    ];

    [Fact]
    public void An_outage_spanning_a_restart_lasts_from_the_first_failing_run_to_the_first_passing_one()
    {
        var timeline = AvailabilityTimeline.Build(OutageAcrossRestart(), At("00:00"), At("06:00"), StaleAfter, NoWindows);
        var totals = timeline.Totals();

        // Up 00:00-01:05 (65 min) + 01:55-06:00 (245 min); down 01:05-01:55 (50 min), the restart's gap included.
        Assert.Equal(TimeSpan.FromMinutes(310), totals.Up);
        Assert.Equal(TimeSpan.FromMinutes(50), totals.Down);
        Assert.Equal(TimeSpan.Zero, totals.Unknown);
        Assert.Equal(310.0 / 360.0, totals.Availability!.Value, 9);
        var outage = Assert.Single(timeline.Outages);
        Assert.Equal(At("01:05"), outage.Start);
        Assert.Equal(At("01:55"), outage.End);
        Assert.Equal(TimeSpan.FromMinutes(50), outage.Downtime);
        Assert.Equal("timeout", outage.Cause);
    }

    [Fact]
    public void A_maintenance_window_is_left_out_of_the_downtime_and_of_the_availability()
    {
        (DateTimeOffset, DateTimeOffset)[] window = [(At("01:00"), At("01:30"))];

        var timeline = AvailabilityTimeline.Build(OutageAcrossRestart(), At("00:00"), At("06:00"), StaleAfter, window);
        var totals = timeline.Totals();

        // Up 00:00-01:00 (60) + 01:55-06:00 (245); maintenance 01:00-01:30; down 01:30-01:55 (25).
        Assert.Equal(TimeSpan.FromMinutes(305), totals.Up);
        Assert.Equal(TimeSpan.FromMinutes(25), totals.Down);
        Assert.Equal(TimeSpan.FromMinutes(30), totals.Maintenance);
        Assert.Equal(305.0 / 330.0, totals.Availability!.Value, 9);
        Assert.Equal(TimeSpan.FromMinutes(25), Assert.Single(timeline.Outages).Downtime);
    }

    [Fact]
    public void An_outage_wholly_inside_a_window_is_no_outage()
    {
        List<HistoryEntry> runs = [.. Every(5, "00:00", "02:55", CheckStatus.Pass), Run("03:00", CheckStatus.Fail), .. Every(5, "03:05", "05:55", CheckStatus.Pass)];
        (DateTimeOffset, DateTimeOffset)[] window = [(At("02:55"), At("03:10"))];

        var timeline = AvailabilityTimeline.Build(runs, At("00:00"), At("06:00"), StaleAfter, window);

        Assert.Empty(timeline.Outages);
        Assert.Equal(1.0, timeline.Totals().Availability);
        Assert.Equal(TimeSpan.FromMinutes(15), timeline.Totals().Maintenance);
    }

    [Fact]
    public void Time_before_the_first_row_and_long_gaps_are_unknown_not_up()
    {
        // First row at 02:00; passing to 03:00; silence until 05:00; passing to 05:55.
        List<HistoryEntry> runs = [.. Every(5, "02:00", "03:00", CheckStatus.Pass), .. Every(5, "05:00", "05:55", CheckStatus.Pass)];

        var timeline = AvailabilityTimeline.Build(runs, At("00:00"), At("06:00"), StaleAfter, NoWindows);
        var totals = timeline.Totals();

        // Unknown 00:00-02:00 (120) and 03:15-05:00 (105: the 03:00 run speaks for 15 minutes); up 75 + 60.
        Assert.Equal(TimeSpan.FromMinutes(135), totals.Up);
        Assert.Equal(TimeSpan.FromMinutes(225), totals.Unknown);
        Assert.Equal(TimeSpan.Zero, totals.Down);
        Assert.Equal(1.0, totals.Availability);
        Assert.Equal(
            [AvailabilityState.Unknown, AvailabilityState.Up, AvailabilityState.Unknown, AvailabilityState.Up],
            timeline.Segments.Select(s => s.State));
        Assert.Equal(At("03:15"), timeline.Segments[2].Start);
    }

    [Fact]
    public void With_no_rows_the_whole_period_is_unknown_and_has_no_availability()
    {
        var timeline = AvailabilityTimeline.Build([], At("00:00"), At("06:00"), StaleAfter, NoWindows);

        Assert.Null(timeline.Totals().Availability);
        Assert.Equal(TimeSpan.FromHours(6), timeline.Totals().Unknown);
        Assert.True(timeline.LastRunStale);
    }

    [Fact]
    public void A_check_still_failing_at_the_end_has_an_ongoing_outage_and_runs_that_stopped_while_failing_turn_unknown()
    {
        List<HistoryEntry> runs = [.. Every(5, "00:00", "04:55", CheckStatus.Pass), Run("05:00", CheckStatus.Fail), Run("05:05", CheckStatus.Fail)];

        var timeline = AvailabilityTimeline.Build(runs, At("00:00"), At("06:00"), StaleAfter, NoWindows);

        var outage = Assert.Single(timeline.Outages);
        Assert.True(outage.Ongoing);

        // Down 05:00-05:20 (the 05:05 run speaks for 15 minutes), then unknown to 06:00.
        Assert.Equal(TimeSpan.FromMinutes(20), outage.Downtime);
        Assert.Equal(TimeSpan.FromMinutes(40), timeline.Totals().Unknown);
        Assert.True(timeline.LastRunStale);
    }

    [Fact]
    public void Rows_before_the_period_give_the_state_at_its_start_and_skipped_runs_observe_nothing()
    {
        List<HistoryEntry> runs = [Run("00:50", CheckStatus.Fail), Run("01:05", CheckStatus.Skipped), Run("01:10", CheckStatus.Pass), .. Every(5, "01:15", "02:00", CheckStatus.Pass)];

        var timeline = AvailabilityTimeline.Build(runs, At("01:00"), At("02:00"), StaleAfter, NoWindows);

        // Down 01:00-01:10 inside the period (the outage began at 00:50, before it).
        Assert.Equal(TimeSpan.FromMinutes(10), timeline.Totals().Down);
        Assert.Equal(TimeSpan.FromMinutes(50), timeline.Totals().Up);
        Assert.Equal(At("00:50"), Assert.Single(timeline.Outages).Start);
    }

    [Fact]
    public void Totals_of_a_slice_cover_only_that_slice()
    {
        var timeline = AvailabilityTimeline.Build(OutageAcrossRestart(), At("00:00"), At("06:00"), StaleAfter, NoWindows);

        var hour = timeline.Totals(At("01:00"), At("02:00"));

        Assert.Equal(TimeSpan.FromMinutes(10), hour.Up);
        Assert.Equal(TimeSpan.FromMinutes(50), hour.Down);
    }
}
