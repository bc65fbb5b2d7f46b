using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;
using Serverless.Diag.Tests.Incidents;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Silences;

/// <summary>
/// A check failing through a maintenance window, run every 10 minutes on a fake clock: the window's marks go through the
/// observation reader into the state machine, as in every sink.
/// </summary>
public sealed class MaintenanceIncidentTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 21, 0, 0, TimeSpan.Zero);

    private static readonly IncidentPolicy Policy = IncidentStateMachineTests.Policy;

    private static IReadOnlyList<MaintenanceWindow> Windows() => TestConfigs.Parse("""
        version: 1
        maintenance:
          - name: migration-1.4
            start: 2026-12-05T22:00:00Z
            end: 2026-12-06T01:00:00Z
        checks:
          - name: db
            type: scripted
        """).Maintenance;

    private static RunReport Run(CheckReport check, DateTimeOffset now, IReadOnlyList<MaintenanceWindow> windows) =>
        SilenceRules.Apply(
            new RunReport
            {
                Version = "test",
                StartedAt = now,
                DurationMs = 1,
                Status = RunStatus.Fail,
                Environments = [new EnvironmentReport("staging", RunStatus.Fail, [check])],
                Summary = RunSummary.Of([check]),
            },
            windows,
            [],
            now);

    [Fact]
    public void A_window_opening_mid_outage_says_so_once_stays_quiet_and_escalation_counts_from_its_end()
    {
        var machine = new IncidentStateMachine(Policy);
        var windows = Windows();
        var failing = IncidentStateMachineTests.Check("db", Severity.P2, "a < 1");
        IncidentState? state = null;
        var log = new List<(DateTimeOffset At, IncidentAction Action, string Events)>();
        for (var now = T0; now <= T0.AddHours(6); now = now.AddMinutes(10))
        {
            var observations = ObservationReader.Read(Run(failing, now, windows), stormThreshold: 10);
            var known = state is null ? new Dictionary<string, IncidentState>() : new Dictionary<string, IncidentState> { ["staging/db"] = state };
            var decision = machine.DecideRun(observations, known, now).Single();
            state = decision.Next ?? state;
            log.Add((now, decision.Action, string.Join(",", decision.Events.Select(e => e.Kind))));
        }

        // Opened at 21:00, escalated P2 -> P1 after 30 minutes; the window opens at 22:00 and is said once.
        Assert.Equal((T0, IncidentAction.Open, "Opened"), log[0]);
        Assert.Equal("Escalated", log.Single(l => l.At == T0.AddMinutes(30)).Events);
        var inWindow = log.Where(l => l.At >= T0.AddHours(1) && l.At < T0.AddHours(4)).ToList();
        Assert.Equal("Silenced", inWindow[0].Events);
        Assert.Equal(IncidentAction.Update, inWindow[0].Action);
        Assert.All(inWindow.Skip(1), l => Assert.Equal(string.Empty, l.Events));

        // P1 escalates after 2h: inside the window it would have at 00:30; it does two hours after the window's end instead.
        var after = log.Where(l => l.At >= T0.AddHours(4)).ToList();
        Assert.Equal((T0.AddHours(6), "Escalated"), Assert.Single(after, l => l.Events.Length > 0) is var e ? (e.At, e.Events) : default);
        Assert.Equal(Severity.P0, state!.Severity);
        Assert.Null(state.SilencedUntil);
    }

    [Fact]
    public void After_the_window_escalation_comes_a_full_delay_after_its_end()
    {
        var machine = new IncidentStateMachine(Policy);
        var windows = Windows();
        var failing = IncidentStateMachineTests.Check("db", Severity.P1, "a < 1");
        IncidentState? state = null;
        var escalations = new List<DateTimeOffset>();
        for (var now = T0.AddMinutes(30); now <= T0.AddHours(8); now = now.AddMinutes(10))
        {
            var observations = ObservationReader.Read(Run(failing, now, windows), stormThreshold: 10);
            var known = state is null ? new Dictionary<string, IncidentState>() : new Dictionary<string, IncidentState> { ["staging/db"] = state };
            var decision = machine.DecideRun(observations, known, now).Single();
            state = decision.Next ?? state;
            escalations.AddRange(decision.Events.Where(e => e.Kind == IncidentEventKind.Escalated).Select(e => e.At));
        }

        // Opened P1 at 21:30; 2h would be 23:30, inside the window (22:00-01:00); the clock restarts at 01:00: P0 at 03:00.
        Assert.Equal([T0.AddHours(6)], escalations);
    }

    [Fact]
    public void Nothing_opens_inside_the_window_and_the_first_run_after_it_opens_the_incident()
    {
        var machine = new IncidentStateMachine(Policy);
        var windows = Windows();
        var failing = IncidentStateMachineTests.Check("db", Severity.P1, "a < 1");
        var inside = ObservationReader.Read(Run(failing, T0.AddHours(2), windows), 10);
        var afterwards = ObservationReader.Read(Run(failing, T0.AddHours(4), windows), 10);

        Assert.Equal(IncidentAction.None, machine.DecideRun(inside, new Dictionary<string, IncidentState>(), T0.AddHours(2)).Single().Action);
        Assert.Equal(IncidentAction.Open, machine.DecideRun(afterwards, new Dictionary<string, IncidentState>(), T0.AddHours(4)).Single().Action);
    }

    [Fact]
    public void No_event_of_a_window_becomes_a_notification_and_reminders_wait()
    {
        var machine = new IncidentStateMachine(Policy with { RemindEvery = TimeSpan.FromHours(1), EscalateAfter = new Dictionary<Severity, TimeSpan>() });
        var windows = Windows();
        var failing = IncidentStateMachineTests.Check("db", Severity.P1, "a < 1");
        var state = machine.Failing(null, ObservationReader.Read(Run(failing, T0, windows), 10).Failing.Single(), T0).Next!;
        var notified = new List<NotifyEvent>();
        for (var now = T0.AddHours(1); now < T0.AddHours(4); now = now.AddMinutes(10))
        {
            var decision = machine.DecideRun(ObservationReader.Read(Run(failing, now, windows), 10), new Dictionary<string, IncidentState> { ["staging/db"] = state }, now).Single();
            state = decision.Next!;
            notified.AddRange(decision.Events.Select(e => NotifyEvents.Of(e.Kind)).OfType<NotifyEvent>());
        }

        Assert.Empty(notified);

        // The first reminder comes one full interval after the window's end (01:00), not at once.
        var at0100 = machine.DecideRun(ObservationReader.Read(Run(failing, T0.AddHours(4), windows), 10), new Dictionary<string, IncidentState> { ["staging/db"] = state }, T0.AddHours(4)).Single();
        Assert.DoesNotContain(at0100.Events, e => e.Kind == IncidentEventKind.Reminder);
        var at0200 = machine.DecideRun(ObservationReader.Read(Run(failing, T0.AddHours(5), windows), 10), new Dictionary<string, IncidentState> { ["staging/db"] = at0100.Next! }, T0.AddHours(5)).Single();
        Assert.Contains(at0200.Events, e => e.Kind == IncidentEventKind.Reminder);
    }
}
