using Octokit;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Rendering;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>What happens to one incident in one run: open, keep up to date, reopen, recover.</summary>
internal sealed partial class GitHubIncidentSink
{
    private async Task OpenAsync(FailingIncident incident, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var state = IncidentState.Open(now, incident.Severity, Safe(incident.Failing), Safe(RelatedNames(incident)), Note("Issue detected: " + Headline(incident)));
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

        _unrecorded.TryRemove(incident.Fingerprint, out _);
        tally.Opened++;
        LogOpened(created.Number, incident.Fingerprint);
    }

    private async Task ContinueAsync(TrackedIssue issue, FailingIncident incident, DiagConfig config, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var state = issue.State ?? StateFromIssue(issue, incident);
        var notes = new List<string>();
        var severity = state.Severity;
        var severitySince = state.SeveritySince;
        var events = new List<string>();

        if (incident.Severity < severity)
        {
            notes.Add(CommentRenderer.RaisedByConfig(severity, incident.Severity));
            events.Add($"Severity {severity} → {incident.Severity} (as configured)");
            (severity, severitySince) = (incident.Severity, now);
        }
        else if (severity != Severity.P0 && EscalateAfter(incident, severity) is { } after && now - severitySince >= after)
        {
            var raised = severity.Escalated();
            notes.Add(CommentRenderer.Escalated(severity, raised, now - state.FailingSince, after));
            events.Add($"Escalated {severity} → {raised}");
            (severity, severitySince) = (raised, now);
        }

        var failing = Safe(incident.Failing);
        var added = failing.Except(state.Failing, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            notes.Add(CommentRenderer.NewlyFailing(incident, added, documents.Context));
            events.Add(Note("Now also failing: " + string.Join(", ", added)));
        }

        if (notes.Count == 0 && now - state.LastNotified >= settings.RemindEvery)
        {
            notes.Add(CommentRenderer.Reminder(incident, state, now, documents.Context));
        }

        if (state.ConsecutivePasses > 0)
        {
            events.Add($"Failing again after {state.ConsecutivePasses} passing run(s)");
        }

        var related = Safe(RelatedNames(incident));
        var changed = notes.Count > 0
            || severity != state.Severity
            || state.ConsecutivePasses > 0
            || !state.Failing.SequenceEqual(failing, StringComparer.Ordinal)
            || !state.Related.SequenceEqual(related, StringComparer.Ordinal)
            || now - state.LastSeen >= _timing.StateRefresh;
        if (!changed)
        {
            _unrecorded.AddOrUpdate(issue.Fingerprint!, 1, (_, n) => n + 1);
            return;
        }

        var unrecorded = _unrecorded.TryGetValue(issue.Fingerprint!, out var n) ? n : 0;
        var next = state with
        {
            LastSeen = now,
            Occurrences = state.Occurrences + 1 + unrecorded,
            ConsecutivePasses = 0,
            PassingSince = null,
            Severity = severity,
            SeveritySince = severitySince,
            Failing = failing,
            Related = related,
            LastNotified = notes.Count > 0 ? now : state.LastNotified,
        };
        next = events.Aggregate(next, (s, e) => s.WithEvent(now, e));

        // Comment first: if the write after it fails, the next run sees the same change and says it again,
        // rather than recording a change nobody was told about.
        if (notes.Count > 0)
        {
            await gateway.CommentAsync(issue.Number, CommentRenderer.Join(notes), cancellationToken);
            tally.Commented++;
        }

        var template = await _template!.GetAsync(cancellationToken);
        await gateway.UpdateAsync(issue.Number, documents.Draft(incident, next, now, template, issue.Labels), open: null, reason: null, cancellationToken);
        _unrecorded.TryRemove(issue.Fingerprint!, out _);
        tally.Updated++;
    }

    private async Task ReopenAsync(TrackedIssue issue, FailingIncident incident, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var previous = issue.State ?? StateFromIssue(issue, incident);
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
            Failing = Safe(incident.Failing),
            Related = Safe(RelatedNames(incident)),
        }).WithEvent(now, Note("Failing again: reopened. " + Headline(incident)));

        await gateway.CommentAsync(issue.Number, CommentRenderer.Reopened(incident, now - (issue.ClosedAt ?? now), documents.Context), cancellationToken);
        tally.Commented++;
        var template = await _template!.GetAsync(cancellationToken);
        await gateway.UpdateAsync(issue.Number, documents.Draft(incident, next, now, template, issue.Labels), open: true, ItemStateReason.Reopened, cancellationToken);
        tally.Reopened++;
        LogReopened(issue.Number, incident.Fingerprint);
    }

    private async Task RecoverAsync(TrackedIssue issue, string fingerprint, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var state = issue.State ?? IncidentState.Open(issue.CreatedAt, Severity.P2, [], [], "Issue detected");
        var passes = state.ConsecutivePasses + 1;
        var next = state with { ConsecutivePasses = passes, PassingSince = state.PassingSince ?? now };
        _unrecorded.TryRemove(fingerprint, out _);
        if (passes < settings.CloseAfter)
        {
            if (passes == 1)
            {
                next = next.WithEvent(now, "Passing again: monitoring");
            }

            var draft = new IssueDraft(issue.Title, documents.StatusOnly(issue.Body, fingerprint, next, IncidentPhase.Monitoring, now), issue.Labels, []);
            await gateway.UpdateAsync(issue.Number, draft, open: null, reason: null, cancellationToken);
            tally.Updated++;
            return;
        }

        next = next.WithEvent(now, $"Recovered: passed {passes} consecutive run(s)");
        await gateway.CommentAsync(issue.Number, CommentRenderer.Recovered(fingerprint, next, passes), cancellationToken);
        tally.Commented++;
        var closing = new IssueDraft(issue.Title, documents.StatusOnly(issue.Body, fingerprint, next, IncidentPhase.Resolved, now), issue.Labels, []);
        await gateway.UpdateAsync(issue.Number, closing, open: false, ItemStateReason.Completed, cancellationToken);
        tally.Closed++;
        LogClosed(issue.Number, fingerprint);
    }
}
