using Serverless.Diag.Configuration;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.Incidents;

/// <summary>
/// The incident lifecycle as a pure function: previous state + this run's observation + the time -> what to do,
/// the next state and the events. No I/O: sinks (GitHub issues, a state store) carry decisions out, notifiers
/// send the events.
/// </summary>
/// <param name="redact">Applied to every text that enters the state before it is cut short (a cut secret must not show its start).</param>
public sealed class IncidentStateMachine(IncidentPolicy policy, Func<string, string>? redact = null)
{
    private readonly Func<string, string> _redact = redact ?? (static s => s);

    public IncidentPolicy Policy => policy;

    /// <summary>Every decision of one run: each failing incident, and each known incident whose check passed.</summary>
    /// <param name="known">Stored states by fingerprint: open incidents, and closed ones that may be reopened.</param>
    /// <remarks>A known fingerprint the run did not observe (filtered, skipped) gets no decision: it is left alone.</remarks>
    public IReadOnlyList<IncidentDecision> DecideRun(Observations observations, IReadOnlyDictionary<string, IncidentState> known, DateTimeOffset now)
    {
        var decisions = new List<IncidentDecision>();
        foreach (var incident in observations.Failing)
        {
            decisions.Add(Failing(known.GetValueOrDefault(incident.Fingerprint), incident, now));
        }

        foreach (var (fingerprint, state) in known.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (observations.Passing.Contains(fingerprint))
            {
                decisions.Add(Passing(fingerprint, state, now));
            }
        }

        return decisions;
    }

    /// <summary>The check failed this run.</summary>
    /// <param name="previous">The stored state; <see cref="IncidentState.ClosedAt"/> set means the incident is closed.</param>
    public IncidentDecision Failing(IncidentState? previous, FailingIncident incident, DateTimeOffset now)
    {
        if (previous is { ClosedAt: null })
        {
            return Continue(previous, incident, now);
        }

        // Below the failure threshold, silenced, held back by an alert storm, or resolved by hand and not yet passed: nothing opens.
        if (incident.Pending is not null || incident.SilencedUntil > now || !incident.MayOpen
            || (previous is { ClosedAt: { } resolvedAt, HoldUntilPass: true } && now - resolvedAt <= policy.ReopenWithin))
        {
            return IncidentDecision.Nothing(incident.Fingerprint, previous);
        }

        if (previous is { ClosedAt: { } closedAt } && now - closedAt <= policy.ReopenWithin)
        {
            return Reopen(previous, incident, now);
        }

        var opened = IncidentState.Open(now, incident.Severity, Safe(incident.Failing), RelatedNames(incident), Note("Issue detected: " + incident.Headline));
        return new IncidentDecision(incident.Fingerprint, IncidentAction.Open, opened, [Event(IncidentEventKind.Opened, incident, now, incident.Severity)]);
    }

    /// <summary>The check passed (or warned) this run.</summary>
    public IncidentDecision Passing(string fingerprint, IncidentState previous, DateTimeOffset now)
    {
        if (previous.ClosedAt is not null)
        {
            // A pass after a resolve by hand lifts the hold: the next failure reopens as usual.
            return previous.HoldUntilPass
                ? new IncidentDecision(fingerprint, IncidentAction.Record, previous with { HoldUntilPass = false }, [])
                : IncidentDecision.Nothing(fingerprint, previous);
        }

        var passes = previous.ConsecutivePasses + 1;
        var next = previous with { ConsecutivePasses = passes, PassingSince = previous.PassingSince ?? now };
        if (passes < policy.CloseAfterFor(fingerprint))
        {
            var events = new List<IncidentEvent>();
            if (passes == 1)
            {
                next = next.WithEvent(now, "Passing again: monitoring");
                events.Add(new IncidentEvent(IncidentEventKind.Monitoring, fingerprint, now, previous.Severity, Passes: passes));
            }

            return new IncidentDecision(fingerprint, IncidentAction.Monitor, next with { LastWritten = now }, events);
        }

        next = next.WithEvent(now, $"Recovered: passed {passes} consecutive run(s)") with { ClosedAt = now, SilencedUntil = null, LastWritten = now };
        return new IncidentDecision(fingerprint, IncidentAction.Close, next, [new IncidentEvent(IncidentEventKind.Resolved, fingerprint, now, previous.Severity, Passes: passes)]);
    }

    private IncidentDecision Continue(IncidentState state, FailingIncident incident, DateTimeOffset now)
    {
        var events = new List<IncidentEvent>();
        var severity = state.Severity;
        var severitySince = state.SeveritySince;
        var timeline = new List<string>();
        var silenced = incident.SilencedUntil > now;
        var lastNotified = state.LastNotified;
        if (!silenced && state.SilencedUntil is { } ended)
        {
            // The window is over: escalation and reminders count from its end, not from before it.
            var resumed = ended < now ? ended : now;
            severitySince = severitySince > resumed ? severitySince : resumed;
            lastNotified = lastNotified > resumed ? lastNotified : resumed;
        }

        // In a silence the incident keeps its record up to date but says nothing beyond one "silenced" note.
        // Someone set the severity (/diag severity) or took the incident (/diag ack): it stays where they put it.
        var held = state.SeverityOverride is not null || state.AcknowledgedAt is not null;
        if (!silenced && state.SeverityOverride is null && incident.Severity < severity)
        {
            events.Add(Event(IncidentEventKind.SeverityRaised, incident, now, incident.Severity, severity));
            timeline.Add($"Severity {severity} → {incident.Severity} (as configured)");
            (severity, severitySince) = (incident.Severity, now);
        }
        else if (!silenced && !held && severity != Severity.P0 && policy.EscalationDelay(incident, severity) is { } after && now - severitySince >= after)
        {
            var raised = severity.Escalated();
            events.Add(Event(IncidentEventKind.Escalated, incident, now, raised, severity) with { EscalateAfter = after });
            timeline.Add($"Escalated {severity} → {raised}");
            (severity, severitySince) = (raised, now);
        }

        var failing = Safe(incident.Failing);
        var added = failing.Except(state.Failing, StringComparer.Ordinal).ToList();
        if (added.Count > 0 && !silenced)
        {
            events.Add(Event(IncidentEventKind.NewlyFailing, incident, now, severity) with { Items = added });
            timeline.Add(Note("Now also failing: " + string.Join(", ", added)));
        }

        if (silenced && state.SilencedUntil != incident.SilencedUntil)
        {
            events.Add(Event(IncidentEventKind.Silenced, incident, now, severity));
            timeline.Add(incident.SilencedUntil == DateTimeOffset.MaxValue
                ? "Silenced until the 'silenced' label is removed"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Silenced until {incident.SilencedUntil!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        }

        var told = events.Exists(e => e.IsAnnounced);
        if (!told && !silenced && state.AcknowledgedAt is null && now - lastNotified >= policy.RemindEvery)
        {
            events.Add(Event(IncidentEventKind.Reminder, incident, now, severity));
            told = true;
        }

        if (state.ConsecutivePasses > 0)
        {
            events.Add(Event(IncidentEventKind.FailingAgain, incident, now, severity) with { Passes = state.ConsecutivePasses });
            timeline.Add($"Failing again after {state.ConsecutivePasses} passing run(s)");
        }

        var related = RelatedNames(incident);
        var next = state with
        {
            LastSeen = now,
            Occurrences = state.Occurrences + 1,
            ConsecutivePasses = 0,
            PassingSince = null,
            Severity = severity,
            SeveritySince = severitySince,
            Failing = failing,
            Related = related,
            LastNotified = told ? now : lastNotified,
            SilencedUntil = silenced ? incident.SilencedUntil : null,
        };
        next = timeline.Aggregate(next, (s, text) => s.WithEvent(now, text));

        var visible = events.Count > 0
            || !state.Failing.SequenceEqual(failing, StringComparer.Ordinal)
            || !state.Related.SequenceEqual(related, StringComparer.Ordinal)
            || now - (state.LastWritten ?? state.LastSeen) >= policy.StateRefresh;
        return visible
            ? new IncidentDecision(incident.Fingerprint, IncidentAction.Update, next with { LastWritten = now }, events)
            : new IncidentDecision(incident.Fingerprint, IncidentAction.Record, next, events);
    }

    private IncidentDecision Reopen(IncidentState previous, FailingIncident incident, DateTimeOffset now)
    {
        var next = (previous with
        {
            LastSeen = now,
            Occurrences = previous.Occurrences + 1,
            ConsecutivePasses = 0,
            PassingSince = null,
            FailingSince = now,
            Severity = incident.Severity,
            SeveritySince = now,
            LastNotified = now,
            LastWritten = now,
            Failing = Safe(incident.Failing),
            Related = RelatedNames(incident),
            ClosedAt = null,
            SilencedUntil = null,
            AcknowledgedBy = null,
            AcknowledgedAt = null,
            SnoozedUntil = null,
            SnoozedBy = null,
            SeverityOverride = null,
            HoldUntilPass = false,
            ResolvedBy = null,
        }).WithEvent(now, Note("Failing again: reopened. " + incident.Headline));
        return new IncidentDecision(incident.Fingerprint, IncidentAction.Reopen, next, [Event(IncidentEventKind.Reopened, incident, now, incident.Severity)]);
    }

    private static IncidentEvent Event(IncidentEventKind kind, FailingIncident incident, DateTimeOffset now, Severity severity, Severity? previous = null) =>
        new(kind, incident.Fingerprint, now, severity, previous);

    private IReadOnlyList<string> RelatedNames(FailingIncident incident) => Safe(ObservationReader.Bounded(incident.Related.Select(c => c.Name)));

    /// <summary>Redacted, then cut, then mentions neutralised: JSON escaping in the state would hide a secret from a later pass.</summary>
    private string Note(string text) => MarkdownText.NeutraliseMentions(MarkdownText.Truncate(_redact(MarkdownText.OneLine(text)), 300));

    private IReadOnlyList<string> Safe(IReadOnlyList<string> items) => [.. items.Select(i => MarkdownText.NeutraliseMentions(_redact(i)))];
}
