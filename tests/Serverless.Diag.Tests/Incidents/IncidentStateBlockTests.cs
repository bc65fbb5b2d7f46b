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
