using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Tests.Incidents;

/// <summary>The lifecycle decisions, one transition per row, with no GitHub and no clock but the one passed in.</summary>
public sealed class IncidentStateMachineTests
{
    internal static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    internal static readonly IncidentPolicy Policy = new()
    {
        CloseAfter = 2,
        ReopenWithin = TimeSpan.FromHours(24),
        RemindEvery = TimeSpan.FromHours(24),
        EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P2] = TimeSpan.FromMinutes(30), [Severity.P1] = TimeSpan.FromHours(2) },
        StateRefresh = TimeSpan.FromHours(1),
    };

    private readonly IncidentStateMachine _machine = new(Policy);

    [Fact]
    public void A_first_failure_opens_with_the_detection_in_the_timeline()
    {
        var decision = _machine.Failing(null, Incident("db", Severity.P1, "a < 1"), T0);

        Assert.Equal(IncidentAction.Open, decision.Action);
        Assert.Equal([IncidentEventKind.Opened], decision.Events.Select(e => e.Kind));
        Assert.Equal(1, decision.Next!.Occurrences);
        Assert.Equal(["a < 1"], decision.Next.Failing);
        Assert.StartsWith("Issue detected: ", Assert.Single(decision.Next.Timeline).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("silenced")]
    [InlineData("storm")]
    public void Nothing_opens_below_the_threshold_in_a_silence_or_under_a_storm(string why)
    {
        var incident = Incident("db", Severity.P1, "a < 1");
        incident = why switch
        {
            "pending" => incident with { Pending = new ThresholdProgress(1, 3) },
            "silenced" => incident with { SilencedUntil = T0.AddHours(1) },
            _ => incident with { MayOpen = false },
        };

        var decision = _machine.Failing(null, incident, T0);

        Assert.Equal(IncidentAction.None, decision.Action);
        Assert.Empty(decision.Events);
        Assert.Null(decision.Next);
    }

    [Fact]
    public void A_silence_that_has_ended_does_not_hold_an_incident_back()
    {
        var decision = _machine.Failing(null, Incident("db", Severity.P1, "a < 1") with { SilencedUntil = T0 }, T0.AddMinutes(5));

        Assert.Equal(IncidentAction.Open, decision.Action);
    }

    [Fact]
    public void A_steady_failure_only_records_the_run_until_the_refresh_is_due()
    {
        var open = Opened("db", Severity.P1, "a < 1");

        var steady = _machine.Failing(open, Incident("db", Severity.P1, "a < 1"), T0.AddMinutes(5));
        var refreshed = _machine.Failing(steady.Next, Incident("db", Severity.P1, "a < 1"), T0.AddMinutes(60));

        Assert.Equal(IncidentAction.Record, steady.Action);
        Assert.Empty(steady.Events);
        Assert.Equal(2, steady.Next!.Occurrences);
        Assert.Equal(T0, steady.Next.LastWritten);
        Assert.Equal(IncidentAction.Update, refreshed.Action);
        Assert.Equal(3, refreshed.Next!.Occurrences);
        Assert.Equal(T0.AddMinutes(60), refreshed.Next.LastWritten);
    }

    [Fact]
    public void Another_failing_assertion_is_announced_once()
    {
        var open = Opened("db", Severity.P1, "a < 1");

        var first = _machine.Failing(open, Incident("db", Severity.P1, "a < 1", "b == 2"), T0.AddMinutes(5));
        var again = _machine.Failing(first.Next, Incident("db", Severity.P1, "a < 1", "b == 2"), T0.AddMinutes(10));

        var added = Assert.Single(first.Events);
        Assert.Equal(IncidentEventKind.NewlyFailing, added.Kind);
        Assert.Equal(["b == 2"], added.Items);
        Assert.Equal(T0.AddMinutes(5), first.Next!.LastNotified);
        Assert.Equal(IncidentAction.Record, again.Action);
    }

    [Theory]
    [InlineData(29, null)]
    [InlineData(30, Severity.P1)]
    public void Escalation_counts_from_the_severity_since(int minutes, Severity? expected)
    {
        var open = Opened("db", Severity.P2, "a < 1");

        var decision = _machine.Failing(open, Incident("db", Severity.P2, "a < 1"), T0.AddMinutes(minutes));

        var escalated = decision.Events.SingleOrDefault(e => e.Kind == IncidentEventKind.Escalated);
        Assert.Equal(expected, escalated?.Severity);
        Assert.Equal(expected ?? Severity.P2, decision.Next!.Severity);
        if (expected is not null)
        {
            Assert.Equal(Severity.P2, escalated!.Previous);
            Assert.Equal(TimeSpan.FromMinutes(30), escalated.EscalateAfter);
            Assert.Equal(T0.AddMinutes(minutes), decision.Next.SeveritySince);
        }
    }

    [Fact]
    public void A_checks_own_escalate_after_wins_over_the_severity_default()
    {
        var open = Opened("db", Severity.P2, "a < 1");

        var decision = _machine.Failing(open, Incident("db", Severity.P2, "a < 1") with { EscalateAfter = TimeSpan.FromMinutes(5) }, T0.AddMinutes(5));

        Assert.Equal(Severity.P1, decision.Next!.Severity);
    }

    [Fact]
    public void A_severity_raised_in_the_config_is_taken_at_once_and_said()
    {
        var open = Opened("db", Severity.P2, "a < 1");

        var decision = _machine.Failing(open, Incident("db", Severity.P0, "a < 1"), T0.AddMinutes(5));

        var raised = Assert.Single(decision.Events);
        Assert.Equal(IncidentEventKind.SeverityRaised, raised.Kind);
        Assert.Equal((Severity.P2, Severity.P0), (raised.Previous!.Value, raised.Severity));
    }

    [Fact]
    public void P0_never_escalates()
    {
        var open = Opened("db", Severity.P0, "a < 1");

        var decision = new IncidentStateMachine(Policy with { EscalateAfter = new Dictionary<Severity, TimeSpan> { [Severity.P0] = TimeSpan.FromMinutes(1) } })
            .Failing(open, Incident("db", Severity.P0, "a < 1"), T0.AddHours(3));

        Assert.DoesNotContain(decision.Events, e => e.Kind == IncidentEventKind.Escalated);
    }

    [Theory]
    [InlineData(23, false)]
    [InlineData(24, true)]
    public void A_reminder_comes_when_nobody_was_told_anything_for_remind_every(int hours, bool reminded)
    {
        var open = Opened("db", Severity.P0, "a < 1");

        var decision = _machine.Failing(open, Incident("db", Severity.P0, "a < 1"), T0.AddHours(hours));

        Assert.Equal(reminded, decision.Events.Any(e => e.Kind == IncidentEventKind.Reminder));
        Assert.Equal(reminded ? T0.AddHours(hours) : T0, decision.Next!.LastNotified);
    }

    [Fact]
    public void A_reminder_is_not_added_to_another_announcement()
    {
        var open = Opened("db", Severity.P0, "a < 1");

        var decision = _machine.Failing(open, Incident("db", Severity.P0, "a < 1", "b == 1"), T0.AddHours(30));

        Assert.Equal([IncidentEventKind.NewlyFailing], decision.Events.Select(e => e.Kind));
    }

    [Fact]
    public void Passing_monitors_then_closes_after_close_after_runs()
    {
        var open = Opened("db", Severity.P1, "a < 1");

        var first = _machine.Passing("staging/db", open, T0.AddMinutes(5));
        var second = _machine.Passing("staging/db", first.Next!, T0.AddMinutes(10));

        Assert.Equal(IncidentAction.Monitor, first.Action);
        Assert.Equal([IncidentEventKind.Monitoring], first.Events.Select(e => e.Kind));
        Assert.Equal(T0.AddMinutes(5), first.Next!.PassingSince);
        Assert.Equal(IncidentAction.Close, second.Action);
        Assert.Equal([IncidentEventKind.Resolved], second.Events.Select(e => e.Kind));
        Assert.Equal(T0.AddMinutes(10), second.Next!.ClosedAt);
        Assert.Equal(T0.AddMinutes(5), second.Next.PassingSince);
    }

    [Fact]
    public void A_failure_while_recovering_resets_the_passes_without_a_comment()
    {
        var recovering = _machine.Passing("staging/db", Opened("db", Severity.P1, "a < 1"), T0.AddMinutes(5)).Next;

        var decision = _machine.Failing(recovering, Incident("db", Severity.P1, "a < 1"), T0.AddMinutes(10));

        Assert.Equal(IncidentAction.Update, decision.Action);
        Assert.Equal([IncidentEventKind.FailingAgain], decision.Events.Select(e => e.Kind));
        Assert.Equal(0, decision.Next!.ConsecutivePasses);
        Assert.Null(decision.Next.PassingSince);
        Assert.DoesNotContain(decision.Events, e => e.IsAnnounced);
    }

    [Theory]
    [InlineData(24, IncidentAction.Reopen)]
    [InlineData(25, IncidentAction.Open)]
    public void A_closed_incident_failing_again_within_reopen_within_is_reopened(int hoursAfterClose, IncidentAction expected)
    {
        var closed = Opened("db", Severity.P1, "a < 1") with { ClosedAt = T0, Occurrences = 4 };

        var decision = _machine.Failing(closed, Incident("db", Severity.P2, "b < 1"), T0.AddHours(hoursAfterClose));

        Assert.Equal(expected, decision.Action);
        Assert.Null(decision.Next!.ClosedAt);
        Assert.Equal(T0.AddHours(hoursAfterClose), decision.Next.FailingSince);
        Assert.Equal(Severity.P2, decision.Next.Severity);
        Assert.Equal(expected == IncidentAction.Reopen ? 5 : 1, decision.Next.Occurrences);
    }

    [Fact]
    public void A_closed_incident_passing_is_left_alone()
    {
        var closed = Opened("db", Severity.P1, "a < 1") with { ClosedAt = T0 };

        Assert.Equal(IncidentAction.None, _machine.Passing("staging/db", closed, T0.AddMinutes(5)).Action);
    }

    [Fact]
    public void A_silence_is_announced_once_per_window_and_holds_back_escalation_reminders_and_news()
    {
        var open = Opened("db", Severity.P2, "a < 1");
        var until = T0.AddHours(30);
        var silenced = Incident("db", Severity.P2, "a < 1", "b == 2") with { SilencedUntil = until };

        var first = _machine.Failing(open, silenced, T0.AddHours(25));
        var second = _machine.Failing(first.Next, silenced, T0.AddHours(26));
        var later = _machine.Failing(second.Next, silenced with { SilencedUntil = T0.AddHours(40) }, T0.AddHours(27));
        var after = _machine.Failing(later.Next, Incident("db", Severity.P2, "a < 1", "b == 2"), T0.AddHours(41));

        Assert.Equal([IncidentEventKind.Silenced], first.Events.Select(e => e.Kind));
        Assert.Equal(until, first.Next!.SilencedUntil);
        Assert.Empty(second.Events);
        Assert.Equal([IncidentEventKind.Silenced], later.Events.Select(e => e.Kind));
        Assert.Equal(Severity.P2, later.Next!.Severity);
        Assert.Contains(after.Events, e => e.Kind == IncidentEventKind.Escalated);
        Assert.Null(after.Next!.SilencedUntil);
    }

    [Fact]
    public void A_pending_failure_of_an_open_incident_still_counts_as_failing()
    {
        var recovering = _machine.Passing("staging/db", Opened("db", Severity.P1, "a < 1"), T0.AddMinutes(5)).Next;

        var decision = _machine.Failing(recovering, Incident("db", Severity.P1, "a < 1") with { Pending = new ThresholdProgress(1, 3) }, T0.AddMinutes(10));

        Assert.Equal(0, decision.Next!.ConsecutivePasses);
    }

    [Fact]
    public void Text_entering_the_state_is_redacted_before_it_is_cut()
    {
        const string secret = "s3cr3t-token-value";
        var machine = new IncidentStateMachine(Policy, text => text.Replace(secret, "[REDACTED]", StringComparison.Ordinal));
        // The secret straddles the 300-character cut: cutting before redacting would show its start.
        var headline = new string('x', 268) + secret;
        var check = Check("db", Severity.P1, "a < 1") with { Error = new Serverless.Diag.Probes.ProbeError(Serverless.Diag.Probes.ErrorCause.Timeout, headline) };

        var decision = machine.Failing(null, RenderingTests.Incident(check), T0);

        var text = Assert.Single(decision.Next!.Timeline).Text;
        Assert.DoesNotContain("s3cr", text, StringComparison.Ordinal);
        Assert.Contains("xxxx", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_decides_failing_incidents_and_known_passing_ones_and_leaves_the_rest_alone()
    {
        var known = new Dictionary<string, IncidentState>
        {
            ["staging/db"] = Opened("db", Severity.P1, "a < 1"),
            ["staging/api"] = Opened("api", Severity.P1, "status == 200"),
            ["staging/filtered"] = Opened("filtered", Severity.P1, "x"),
        };
        var observations = new Observations([Incident("db", Severity.P1, "a < 1"), Incident("new", Severity.P2, "y")], new HashSet<string> { "staging/api", "staging/other" });

        var decisions = _machine.DecideRun(observations, known, T0.AddMinutes(5));

        Assert.Equal(
            [("staging/db", IncidentAction.Record), ("staging/new", IncidentAction.Open), ("staging/api", IncidentAction.Monitor)],
            decisions.Select(d => (d.Fingerprint, d.Action)));
    }

    internal static CheckReport Check(string name, Severity severity, params string[] failing) => RenderingTests.Check(name, [.. failing.Select(f => (f, "x"))]) with { Severity = severity };

    internal static FailingIncident Incident(string name, Severity severity, params string[] failing) => RenderingTests.Incident(Check(name, severity, failing));

    internal static IncidentState Opened(string name, Severity severity, params string[] failing) =>
        new IncidentStateMachine(Policy).Failing(null, Incident(name, severity, failing), T0).Next!;
}
