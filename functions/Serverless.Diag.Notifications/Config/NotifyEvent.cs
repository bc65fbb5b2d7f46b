using Serverless.Diag.Incidents;

namespace Serverless.Diag.Notifications.Config;

/// <summary>The lifecycle events a channel can subscribe to (<c>events:</c>).</summary>
public enum NotifyEvent
{
    Opened,
    Escalated,
    Reminder,
    Resolved,
    Acknowledged,
}

public static class NotifyEvents
{
    /// <summary>Default subscription: everything but reminders.</summary>
    public static IReadOnlySet<NotifyEvent> Default { get; } = new HashSet<NotifyEvent> { NotifyEvent.Opened, NotifyEvent.Escalated, NotifyEvent.Resolved, NotifyEvent.Acknowledged };

    /// <summary>The notification a state machine event becomes; null for events that only enter the timeline.</summary>
    public static NotifyEvent? Of(IncidentEventKind kind) => kind switch
    {
        IncidentEventKind.Opened or IncidentEventKind.Reopened => NotifyEvent.Opened,
        IncidentEventKind.Escalated or IncidentEventKind.SeverityRaised => NotifyEvent.Escalated,
        IncidentEventKind.Reminder => NotifyEvent.Reminder,
        IncidentEventKind.Resolved => NotifyEvent.Resolved,
        IncidentEventKind.Acknowledged => NotifyEvent.Acknowledged,
        _ => null,
    };

    public static string Wire(this NotifyEvent e) => e.ToString().ToLowerInvariant();
}
