using Serverless.Diag.Incidents;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Incidents;

namespace Serverless.Diag.Tests.Incidents;

public sealed class IncidentStateBlockTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_state_round_trips_through_the_hidden_comment()
    {
        var state = IncidentState.Open(Now, Severity.P2, ["a < 1", "error:timeout"], ["orders"], "Issue detected: x") with { Occurrences = 7, ConsecutivePasses = 1 };

        var read = IncidentStateBlock.Read("body\n" + IncidentStateBlock.Write(state));

        Assert.NotNull(read);
        Assert.Equal(7, read.Occurrences);
        Assert.Equal(Severity.P2, read.Severity);
        Assert.Equal(["a < 1", "error:timeout"], read.Failing);
        Assert.Equal(state.Timeline, read.Timeline);
    }

    [Fact]
    public void Text_that_would_close_the_comment_is_escaped()
    {
        var state = IncidentState.Open(Now, Severity.P1, ["x --> y"], [], "--> <!-- hostile");

        var block = IncidentStateBlock.Write(state);

        Assert.Equal(block.Length - 3, block.IndexOf("-->", StringComparison.Ordinal));
        Assert.Equal("--> <!-- hostile", IncidentStateBlock.Read(block)!.Timeline[0].Text);
    }

    [Fact]
    public void The_last_block_wins_and_garbage_reads_as_no_state()
    {
        var first = IncidentState.Open(Now, Severity.P1, [], [], "one");
        var second = first with { Occurrences = 42 };

        Assert.Equal(42, IncidentStateBlock.Read(IncidentStateBlock.Write(first) + "\n" + IncidentStateBlock.Write(second))!.Occurrences);
        Assert.Null(IncidentStateBlock.Read("<!-- serverless-diag:state {not json} -->"));
        Assert.Null(IncidentStateBlock.Read(null));
    }

    [Fact]
    public void A_block_written_before_nulls_were_left_out_still_reads()
    {
        // Issues opened by earlier versions carry every property, nulls included.
        const string Body = """
            text
            <!-- serverless-diag:state {"firstSeen":"2026-11-23T12:00:00+00:00","lastSeen":"2026-11-23T12:05:00+00:00","occurrences":3,"consecutivePasses":0,"severity":"P2","failingSince":"2026-11-23T12:00:00+00:00","passingSince":null,"severitySince":"2026-11-23T12:00:00+00:00","lastNotified":"2026-11-23T12:00:00+00:00","failing":["status == 200"],"related":[],"timeline":[{"at":"2026-11-23T12:00:00+00:00","text":"Issue detected"}],"lastWritten":null,"closedAt":null,"silencedUntil":null,"lastCommentId":null,"commentsRead":0,"acknowledgedBy":null,"acknowledgedAt":null,"snoozedUntil":null,"snoozedBy":null,"severityOverride":null,"holdUntilPass":false,"resolvedBy":null,"notifications":[]} -->
            """;

        var read = IncidentStateBlock.Read(Body);

        Assert.NotNull(read);
        Assert.Equal((3, Severity.P2, Now.AddMinutes(5)), (read.Occurrences, read.Severity, read.LastSeen));
        Assert.Equal(["status == 200"], read.Failing);
        Assert.Null(read.ClosedAt);
    }

    [Fact]
    public void A_block_leaves_out_what_is_not_set()
    {
        var block = IncidentStateBlock.Write(IncidentState.Open(Now, Severity.P1, [], [], "detected"));

        Assert.DoesNotContain("null", block, StringComparison.Ordinal);
        Assert.Null(IncidentStateBlock.Read(block)!.ClosedAt);
    }

    [Fact]
    public void Only_a_marker_on_the_first_line_identifies_the_incident()
    {
        Assert.Equal("staging/db", Fingerprint.Read("<!-- serverless-diag:fingerprint staging/db -->\n\ntext"));
        Assert.Null(Fingerprint.Read("Hand-written\n<!-- serverless-diag:fingerprint staging/db -->"));
    }

    [Fact]
    public void The_timeline_keeps_the_first_entry_and_the_latest()
    {
        var state = IncidentState.Open(Now, Severity.P1, [], [], "detected");
        for (var i = 0; i < 30; i++)
        {
            state = state.WithEvent(Now.AddMinutes(i), $"event {i}");
        }

        Assert.Equal(12, state.Timeline.Count);
        Assert.Equal("detected", state.Timeline[0].Text);
        Assert.Equal("event 29", state.Timeline[^1].Text);
    }
}
