using Octokit;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.Incidents;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>Carries out the state machine's decision for one incident with the fewest GitHub requests.</summary>
internal sealed partial class GitHubIncidentSink
{
    /// <returns>The issue as written this run (number, body, page), or null when nothing was written.</returns>
    private async Task<WrittenIssue?> CarryOutAsync(
        IncidentDecision decision,
        FailingIncident? incident,
        TrackedIssue? issue,
        IncidentState? previous,
        IncidentDocuments documents,
        DateTimeOffset now,
        IncidentTally tally,
        CancellationToken cancellationToken)
    {
        switch (decision.Action)
        {
            case IncidentAction.Open:
                return await OpenAsync(incident!, decision.Next!, documents, now, tally, cancellationToken);
            case IncidentAction.Reopen:
                return await ReopenAsync(issue!, incident!, decision.Next!, documents, now, tally, cancellationToken);
            case IncidentAction.Update:
                return await UpdateAsync(issue!, incident!, previous!, decision, documents, now, tally, cancellationToken);
            case IncidentAction.Monitor:
                var draft = new IssueDraft(issue!.Title, documents.StatusOnly(issue.Body, decision.Fingerprint, decision.Next!, IncidentPhase.Monitoring, now), issue.Labels, []);
                await gateway.UpdateAsync(issue.Number, draft, open: null, reason: null, cancellationToken);
                tally.Updated++;
                return new WrittenIssue(issue.Number, draft.Body, issue.HtmlUrl);
            case IncidentAction.Close:
                return await CloseAsync(issue!, decision, documents, now, tally, cancellationToken);
            default:
                // None, or only counters moved: the issue is rewritten when something visible changes or the refresh is due.
                return null;
        }
    }

    private async Task<WrittenIssue> OpenAsync(FailingIncident incident, IncidentState state, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var template = await _template!.GetAsync(cancellationToken);
        var draft = documents.Draft(incident, state, now, template);
        TrackedIssue created;
        try
        {
            created = await gateway.CreateAsync(draft, cancellationToken);
        }
        catch (GitHubCallException ex) when (ex.StatusCode == 422 && draft.Assignees.Count > 0)
        {
            // A template may name people who cannot be assigned here; the incident matters more than the assignment.
            created = await gateway.CreateAsync(draft with { Assignees = [] }, cancellationToken);
        }

        tally.Opened++;
        LogOpened(created.Number, incident.Fingerprint);
        return new WrittenIssue(created.Number, created.Body, created.HtmlUrl);
    }

    private async Task<WrittenIssue> UpdateAsync(TrackedIssue issue, FailingIncident incident, IncidentState previous, IncidentDecision decision, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var notes = decision.Events.Where(e => e.IsAnnounced).Select(e => Comment(e, incident, previous, documents, now)).ToList();

        // Comment first: if the write after it fails, the next run sees the same change and says it again,
        // rather than recording a change nobody was told about.
        if (notes.Count > 0)
        {
            await gateway.CommentAsync(issue.Number, CommentRenderer.Join(notes), cancellationToken);
            tally.Commented++;
        }

        var template = await _template!.GetAsync(cancellationToken);
        var draft = documents.Draft(incident, decision.Next!, now, template, issue.Labels);
        await gateway.UpdateAsync(issue.Number, draft, open: null, reason: null, cancellationToken);
        tally.Updated++;
        return new WrittenIssue(issue.Number, draft.Body, issue.HtmlUrl);
    }

    private static string Comment(IncidentEvent e, FailingIncident incident, IncidentState previous, IncidentDocuments documents, DateTimeOffset now) => e.Kind switch
    {
        IncidentEventKind.SeverityRaised => CommentRenderer.RaisedByConfig(e.Previous!.Value, e.Severity),
        IncidentEventKind.Escalated => CommentRenderer.Escalated(e.Previous!.Value, e.Severity, now - previous.FailingSince, e.EscalateAfter!.Value),
        IncidentEventKind.NewlyFailing => CommentRenderer.NewlyFailing(incident, e.Items ?? [], documents.Context),
        IncidentEventKind.Reminder => CommentRenderer.Reminder(incident, previous, now, documents.Context),
        IncidentEventKind.Silenced => CommentRenderer.Silenced(incident.Check?.Silenced, incident.SilencedUntil ?? now),
        _ => throw new InvalidOperationException($"{e.Kind} is not said in an update comment"),
    };

    private async Task<WrittenIssue> ReopenAsync(TrackedIssue issue, FailingIncident incident, IncidentState next, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        await gateway.CommentAsync(issue.Number, CommentRenderer.Reopened(incident, now - (issue.ClosedAt ?? now), documents.Context), cancellationToken);
        tally.Commented++;
        var template = await _template!.GetAsync(cancellationToken);
        var draft = documents.Draft(incident, next, now, template, issue.Labels);
        await gateway.UpdateAsync(issue.Number, draft, open: true, ItemStateReason.Reopened, cancellationToken);
        tally.Reopened++;
        LogReopened(issue.Number, incident.Fingerprint);
        return new WrittenIssue(issue.Number, draft.Body, issue.HtmlUrl);
    }

    private async Task<WrittenIssue> CloseAsync(TrackedIssue issue, IncidentDecision decision, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var next = decision.Next!;
        var comment = next is { HoldUntilPass: true, ResolvedBy: { } by }
            ? CommentRenderer.ResolvedByCommand(by, settings.ReopenWithin)
            : CommentRenderer.Recovered(decision.Fingerprint, next, next.ConsecutivePasses);
        await gateway.CommentAsync(issue.Number, comment, cancellationToken);
        tally.Commented++;
        var closing = new IssueDraft(issue.Title, documents.StatusOnly(issue.Body, decision.Fingerprint, next, IncidentPhase.Resolved, now), issue.Labels, []);
        await gateway.UpdateAsync(issue.Number, closing, open: false, ItemStateReason.Completed, cancellationToken);
        tally.Closed++;
        LogClosed(issue.Number, decision.Fingerprint);
        return new WrittenIssue(issue.Number, closing.Body, issue.HtmlUrl);
    }
}

/// <summary>An issue as this run left it.</summary>
internal sealed record WrittenIssue(int Number, string Body, Uri? HtmlUrl);
