using Serverless.Diag.Configuration;

namespace Serverless.Diag.Incidents;

/// <summary>Something that happened to an incident in one run. Sinks say it (a comment); notifiers send it.</summary>
public enum IncidentEventKind
{
    /// <summary>A new incident.</summary>
    Opened,

    /// <summary>A recently closed incident fails again and is reopened.</summary>
    Reopened,

    /// <summary>Failing longer than <c>escalate_after</c>: one step more urgent.</summary>
    Escalated,

    /// <summary>The config now gives what fails a more urgent severity.</summary>
    SeverityRaised,

    /// <summary>Another assertion (or error) fails besides the known ones.</summary>
    NewlyFailing,

    /// <summary>Still failing and nobody was told anything for <c>remind_every</c>.</summary>
    Reminder,

    /// <summary>Failing again while recovering (no comment: the incident was never closed).</summary>
    FailingAgain,

    /// <summary>The first passing run of a recovery.</summary>
    Monitoring,

    /// <summary>Passed <c>close_after</c> consecutive runs: closed.</summary>
    Resolved,

    /// <summary>An open incident entered a silence or maintenance window (said once per window).</summary>
    Silenced,

    /// <summary>
    /// Someone took the incident (<c>/diag ack</c> in its issue). Put it in a decision's events and the
    /// <c>notify:</c> channels send it once, like any other event (PagerDuty: <c>acknowledge</c> with the same dedup_key).
    /// </summary>
    Acknowledged,
}

/// <param name="Severity">The incident's severity after the event.</param>
/// <param name="Previous">For an escalation or a raise, the severity before.</param>
/// <param name="Items">For <see cref="IncidentEventKind.NewlyFailing"/>, the new items.</param>
/// <param name="Passes">For a recovery, the consecutive passes so far.</param>
public sealed record IncidentEvent(
    IncidentEventKind Kind,
    string Fingerprint,
    DateTimeOffset At,
    Severity Severity,
    Severity? Previous = null,
    IReadOnlyList<string>? Items = null,
    int Passes = 0,
    TimeSpan? EscalateAfter = null)
{
    /// <summary>Events people are told about in a comment on the incident (the others only enter the timeline).</summary>
    public bool IsAnnounced => Kind is IncidentEventKind.Reopened or IncidentEventKind.Escalated or IncidentEventKind.SeverityRaised
        or IncidentEventKind.NewlyFailing or IncidentEventKind.Reminder or IncidentEventKind.Resolved or IncidentEventKind.Silenced;
}
