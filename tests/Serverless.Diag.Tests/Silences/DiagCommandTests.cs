using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Incidents;
using Serverless.Diag.Tests.Incidents;

namespace Serverless.Diag.Tests.Silences;

/// <summary>Comments are untrusted text: only the first line is read, strictly; the rest never matters.</summary>
public sealed class DiagCommandTests
{
    [Theory]
    [InlineData("/diag ack", "Ack")]
    [InlineData("  /DIAG   Ack  \nplease ignore /diag resolve", "Ack")]
    [InlineData("/diag snooze 2h", "Snooze 02:00:00")]
    [InlineData("/diag snooze 90m\r\nbecause", "Snooze 01:30:00")]
    [InlineData("/diag resolve", "Resolve")]
    [InlineData("/diag severity P1", "SetSeverity P1")]
    [InlineData("/diag severity p0", "SetSeverity P0")]
    [InlineData("/diag", "Malformed")]
    [InlineData("/diag ack now", "Malformed")]
    [InlineData("/diag snooze", "Malformed")]
    [InlineData("/diag snooze 8d", "Malformed")]
    [InlineData("/diag snooze 0s", "Malformed")]
    [InlineData("/diag snooze forever", "Malformed")]
    [InlineData("/diag severity P7", "Malformed")]
    [InlineData("/diag rm -rf /", "Malformed")]
    [InlineData("looks fine\n/diag resolve", null)]
    [InlineData("/diagnose ack", null)]
    [InlineData("", null)]
    public void Parses_the_first_line_only(string body, string? expected)
    {
        var command = DiagCommand.Parse(body);

        var shown = command switch
        {
            null => null,
            DiagCommand.Snooze s => $"Snooze {s.Duration}",
            DiagCommand.SetSeverity s => $"SetSeverity {s.Severity}",
            _ => command.GetType().Name,
        };
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void Hostile_comments_never_throw()
    {
        foreach (var body in new[] { new string('/', 100_000), "/diag " + new string('9', 50_000) + "h", "/diag snooze 1e308h", "/diag\0ack", "/diag severity " + new string('P', 10_000) })
        {
            Assert.IsType<DiagCommand.Malformed>(DiagCommand.Parse(body) ?? new DiagCommand.Malformed());
        }
    }

    [Theory]
    [InlineData("OWNER", true)]
    [InlineData("MEMBER", true)]
    [InlineData("COLLABORATOR", true)]
    [InlineData("CONTRIBUTOR", false)]
    [InlineData("FIRST_TIME_CONTRIBUTOR", false)]
    [InlineData("NONE", false)]
    [InlineData("owner", false)]
    public void Only_owners_members_and_collaborators_are_trusted(string association, bool trusted) =>
        Assert.Equal(trusted, DiagCommand.IsTrusted(association));

    [Fact]
    public void An_acknowledged_incident_neither_escalates_nor_reminds_and_a_reopen_forgets_the_ack()
    {
        var machine = new IncidentStateMachine(IncidentStateMachineTests.Policy with { RemindEvery = TimeSpan.FromHours(1) });
        var t0 = IncidentStateMachineTests.T0;
        var incident = IncidentStateMachineTests.Incident("db", Severity.P2, "a < 1");
        var state = machine.Failing(null, incident, t0).Next! with { AcknowledgedBy = "@alice", AcknowledgedAt = t0.AddMinutes(1) };

        var later = machine.Failing(state, incident, t0.AddHours(5));
        Assert.DoesNotContain(later.Events, e => e.Kind is IncidentEventKind.Escalated or IncidentEventKind.Reminder);
        Assert.Equal(Severity.P2, later.Next!.Severity);

        var closed = later.Next with { ClosedAt = t0.AddHours(6) };
        var reopened = machine.Failing(closed, incident, t0.AddHours(7)).Next!;
        Assert.Null(reopened.AcknowledgedBy);
    }

    [Fact]
    public void A_resolve_by_hand_holds_until_a_pass_within_reopen_within()
    {
        var machine = new IncidentStateMachine(IncidentStateMachineTests.Policy);
        var t0 = IncidentStateMachineTests.T0;
        var incident = IncidentStateMachineTests.Incident("db", Severity.P2, "a < 1");
        var resolved = machine.Failing(null, incident, t0).Next! with { ClosedAt = t0.AddMinutes(5), HoldUntilPass = true };

        Assert.Equal(IncidentAction.None, machine.Failing(resolved, incident, t0.AddMinutes(10)).Action);
        var passed = machine.Passing("staging/db", resolved, t0.AddMinutes(15));
        Assert.Equal(IncidentAction.Record, passed.Action);
        Assert.Equal(IncidentAction.Reopen, machine.Failing(passed.Next, incident, t0.AddMinutes(20)).Action);

        // Past reopen_within the hold no longer matters: a new incident opens.
        Assert.Equal(IncidentAction.Open, machine.Failing(resolved, incident, t0.AddHours(30)).Action);
    }

    [Fact]
    public void A_severity_set_by_hand_is_neither_raised_by_config_nor_escalated()
    {
        var machine = new IncidentStateMachine(IncidentStateMachineTests.Policy);
        var t0 = IncidentStateMachineTests.T0;
        var state = machine.Failing(null, IncidentStateMachineTests.Incident("db", Severity.P2, "a < 1"), t0).Next! with { Severity = Severity.P3, SeverityOverride = Severity.P3 };

        var decision = machine.Failing(state, IncidentStateMachineTests.Incident("db", Severity.P1, "a < 1"), t0.AddHours(3));

        Assert.Equal(Severity.P3, decision.Next!.Severity);
        Assert.DoesNotContain(decision.Events, e => e.Kind is IncidentEventKind.SeverityRaised or IncidentEventKind.Escalated);
    }
}
