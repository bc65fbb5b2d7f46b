using Serverless.Diag.Configuration;

namespace Serverless.Diag.Incidents;

/// <summary>
/// One notification of one incident event to one channel, kept in the incident state so it is sent once: a
/// delivered entry is never sent again, a pending one is retried at the next run.
/// </summary>
/// <param name="Event">The notification event (opened, escalated, reminder, resolved, acknowledged).</param>
/// <param name="EventId">Stable for the event: receivers may drop a repeated delivery by it.</param>
/// <param name="Severity">The incident's severity when the event happened.</param>
public sealed record NotificationDelivery(string Channel, string Event, string EventId, DateTimeOffset At, Severity Severity)
{
    /// <summary>Runs that tried to deliver it.</summary>
    public int Runs { get; init; }

    public bool Delivered { get; init; }

    /// <summary>Final: the receiver refused it (a 4xx) or it failed for too many runs.</summary>
    public bool GaveUp { get; init; }

    /// <summary>The last failure, redacted.</summary>
    public string? LastError { get; init; }

    public bool IsDue => !Delivered && !GaveUp;
}

/// <summary>What a notifier needs to know about the incident an event belongs to.</summary>
/// <param name="Incident">This run's observation when the check is failing; null for a recovery.</param>
/// <param name="IncidentUrl">The incident's page (the GitHub issue), when there is one.</param>
public sealed record IncidentSubject(string Fingerprint, IncidentState State, FailingIncident? Incident, Uri? IncidentUrl);

/// <summary>
/// Sends the lifecycle's events to people (Teams, Slack, PagerDuty, webhooks). The sink that keeps the incident
/// state asks which deliveries an event needs, records them, and asks for the due ones to be sent; a notifier never
/// throws for a receiver's fault and never fails the run.
/// </summary>
public interface IIncidentNotifier
{
    /// <summary>New deliveries for the decision's events, one per event and interested channel.</summary>
    IReadOnlyList<NotificationDelivery> Plan(IncidentDecision decision, IncidentSubject subject);

    /// <summary>Tries every due delivery; returns them all, updated, in the same order.</summary>
    Task<IReadOnlyList<NotificationDelivery>> DeliverAsync(IReadOnlyList<NotificationDelivery> due, IncidentSubject subject, CancellationToken cancellationToken);
}
