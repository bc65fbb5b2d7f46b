using Serverless.Diag.Configuration;

namespace Serverless.Diag.Incidents;

/// <summary>
/// What an incident remembers between runs. The GitHub pack keeps it in the issue body (a hidden JSON comment at
/// the end), so a restarted or scaled-out host never loses it; a state store may keep it instead.
/// </summary>
public sealed record IncidentState
{
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>When the state was last written while failing (refreshed on change, reminder, or hourly).</summary>
    public required DateTimeOffset LastSeen { get; init; }

    public int Occurrences { get; init; } = 1;

    public int ConsecutivePasses { get; init; }

    public Severity Severity { get; init; }

    /// <summary>Start of the current outage (reset when a closed issue is reopened).</summary>
    public required DateTimeOffset FailingSince { get; init; }

    /// <summary>First passing run of the current recovery streak.</summary>
    public DateTimeOffset? PassingSince { get; init; }

    /// <summary>Since when the current severity holds; escalation counts from here.</summary>
    public required DateTimeOffset SeveritySince { get; init; }

    /// <summary>Last time people were told something (issue opened, comment); reminders count from here.</summary>
    public required DateTimeOffset LastNotified { get; init; }

    /// <summary>What is failing: assertion expressions, or <c>error:cause</c>; a new item is worth a comment.</summary>
    public IReadOnlyList<string> Failing { get; init; } = [];

    /// <summary>Checks skipped because this one failed (or, for a storm, the failing checks).</summary>
    public IReadOnlyList<string> Related { get; init; } = [];

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>
    /// When the incident's own record (the issue) last showed this state; runs that change nothing visible move
    /// <see cref="LastSeen"/> in a store but not this, and the refresh counts from here. Null in states written before it existed.
    /// </summary>
    public DateTimeOffset? LastWritten { get; init; }

    /// <summary>When the incident was closed as recovered; null while it is open. A failure within <c>reopen_within</c> reopens it.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The end of the silence or maintenance window people were last told about (said once per window).</summary>
    public DateTimeOffset? SilencedUntil { get; init; }

    /// <summary>The newest issue comment already read for <c>/diag</c> commands; later ones are read at the next run.</summary>
    public long? LastCommentId { get; init; }

    /// <summary>How many comments the issue had when they were last read: no new comment, no read.</summary>
    public int CommentsRead { get; init; }

    /// <summary>Who acknowledged this outage (<c>/diag ack</c>): no escalation and no reminders until it ends.</summary>
    public string? AcknowledgedBy { get; init; }

    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Snoozed (<c>/diag snooze 2h</c>) until then: quiet like a silence.</summary>
    public DateTimeOffset? SnoozedUntil { get; init; }

    public string? SnoozedBy { get; init; }

    /// <summary>The severity someone set for this outage (<c>/diag severity P1</c>): neither config nor escalation changes it.</summary>
    public Severity? SeverityOverride { get; init; }

    /// <summary>Closed by <c>/diag resolve</c>: not reopened within <c>reopen_within</c> unless the check passes first.</summary>
    public bool HoldUntilPass { get; init; }

    public string? ResolvedBy { get; init; }

    /// <summary>Notifications of this incident's events: which were delivered, which are still due (kept small).</summary>
    public IReadOnlyList<NotificationDelivery> Notifications { get; init; } = [];

    /// <summary>Adds new deliveries and keeps the list bounded: the due ones, then the most recent delivered ones.</summary>
    public IncidentState WithNotifications(IEnumerable<NotificationDelivery> deliveries)
    {
        const int keep = 20;
        var all = deliveries.ToList();
        if (all.Count > keep)
        {
            var due = all.Where(d => d.IsDue).TakeLast(keep).ToList();
            all = [.. all.Where(d => !d.IsDue).TakeLast(keep - due.Count), .. due];
        }

        return this with { Notifications = all };
    }

    public static IncidentState Open(DateTimeOffset now, Severity severity, IReadOnlyList<string> failing, IReadOnlyList<string> related, string detected) => new()
    {
        FirstSeen = now,
        LastSeen = now,
        FailingSince = now,
        SeveritySince = now,
        LastNotified = now,
        LastWritten = now,
        Severity = severity,
        Failing = failing,
        Related = related,
        Timeline = [new TimelineEntry(now, detected)],
    };

    public IncidentState WithEvent(DateTimeOffset at, string text)
    {
        // Keep the first entry (detection) and the latest ones; the body must stay small.
        const int keep = 12;
        var timeline = Timeline.Append(new TimelineEntry(at, text)).ToList();
        if (timeline.Count > keep)
        {
            timeline = [timeline[0], .. timeline.Skip(timeline.Count - (keep - 1))];
        }

        return this with { Timeline = timeline };
    }
}

public sealed record TimelineEntry(DateTimeOffset At, string Text);

public static class IncidentStates
{
    /// <summary>
    /// Of two copies of one incident's state (the incident's own and a store's), the one to decide from: the store's
    /// when it describes the same outage and is at least as recent, else the incident's (another host wrote it since).
    /// </summary>
    public static IncidentState Freshest(IncidentState incident, IncidentState? stored) =>
        stored is not null
        && stored.FirstSeen == incident.FirstSeen
        && stored.FailingSince == incident.FailingSince
        && stored.ClosedAt == incident.ClosedAt
        && stored.LastSeen >= incident.LastSeen
            ? stored
            : incident;
}
