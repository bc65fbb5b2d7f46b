namespace Serverless.Diag.Incidents;

/// <summary>
/// The notifications an incident owes, kept in its state: a decision's events are recorded once per interested
/// channel, then every due one (new, or left by an earlier run) is sent. Whoever keeps the state saves the result,
/// so a delivered event is never sent again and an undelivered one is tried again next run.
/// </summary>
public static class NotificationLedger
{
    /// <param name="decision">This run's decision; null when only earlier, undelivered notifications are retried.</param>
    /// <returns>The state with the ledger updated; the same instance when nothing was due.</returns>
    public static async Task<IncidentState> DeliverAsync(IIncidentNotifier notifier, IncidentDecision? decision, IncidentSubject subject, CancellationToken cancellationToken)
    {
        var state = subject.State;
        var ledger = decision is null ? [.. state.Notifications] : state.Notifications.Concat(notifier.Plan(decision, subject)).ToList();
        var due = ledger.Where(d => d.IsDue).ToList();
        if (due.Count == 0)
        {
            return ledger.Count == state.Notifications.Count ? state : state.WithNotifications(ledger);
        }

        var results = await notifier.DeliverAsync(due, subject, cancellationToken);
        var byKey = results.ToDictionary(r => (r.Channel, r.EventId));
        return state.WithNotifications(ledger.Select(d => byKey.GetValueOrDefault((d.Channel, d.EventId)) ?? d));
    }

    /// <summary>True when the state still owes a notification (kept until it is delivered or given up).</summary>
    public static bool OwesNotifications(this IncidentState state) => state.Notifications.Any(d => d.IsDue);
}
