using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Octokit;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.GitHub.Templates;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// Files a run's incidents as GitHub issues: one open issue per <c>environment/check</c>, found again by its hidden
/// marker among the issues carrying the configured labels. In steady state (still failing, nothing new) a run costs
/// one list request per page and no write.
/// </summary>
internal sealed partial class GitHubIncidentSink(
    IssueGateway gateway,
    GitHubSettings settings,
    TimeProvider time,
    ILogger<GitHubIncidentSink> logger,
    SecretRedactor secrets,
    IncidentTiming? timing = null,
    string? localTemplate = null) : IIncidentSink
{
    private readonly IncidentTiming _timing = timing ?? new IncidentTiming();

    // Failing runs not yet written to an issue's state (nothing changed); counted in at the next write.
    private readonly ConcurrentDictionary<string, int> _unrecorded = new(StringComparer.Ordinal);
    private TemplateCache? _template;

    public async Task<IncidentSummary> PublishAsync(RunReport report, DiagConfig config, CancellationToken cancellationToken)
    {
        var tally = new IncidentTally();
        try
        {
            await PublishCoreAsync(report, config, tally, cancellationToken);
        }
        catch (GitHubCallException ex)
        {
            tally.Problems.Add(secrets.Redact(ex.Message));
            logger.LogWarning("Incidents not filed this run: {Problem}", secrets.Redact(ex.Message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A run never fails because of incident filing: the report is still delivered, the next run tries again.
            var problem = secrets.Redact($"incident filing failed: {ex.GetType().Name}: {ex.Message}");
            tally.Problems.Add(problem);
            logger.LogError("{Problem}", problem);
        }

        return tally.ToSummary();
    }

    private async Task PublishCoreAsync(RunReport report, DiagConfig config, IncidentTally tally, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var observations = ObservationReader.Read(report, settings.StormThreshold);
        var context = new IncidentContext(ConfigPathFor(config), report.Version, secrets, settings.CloseAfter, settings.StormThreshold);
        var documents = new IncidentDocuments(context, settings.Labels);
        _template ??= new TemplateCache(gateway, settings.Template, localTemplate, logger);

        var open = await gateway.ListOpenAsync(settings.Labels, cancellationToken);
        var current = await CloseDuplicatesAsync(open, tally, cancellationToken);
        IReadOnlyList<TrackedIssue>? closed = null;

        foreach (var incident in observations.Failing)
        {
            try
            {
                if (current.TryGetValue(incident.Fingerprint, out var issue))
                {
                    await ContinueAsync(issue, incident, config, documents, now, tally, cancellationToken);
                    continue;
                }

                if (!incident.MayOpen)
                {
                    continue;
                }

                closed ??= await gateway.ListClosedSinceAsync(settings.Labels, now - settings.ReopenWithin, cancellationToken);
                var last = closed
                    .Where(i => i.Fingerprint == incident.Fingerprint && i.StateReason is null or "completed" && i.ClosedAt >= now - settings.ReopenWithin)
                    .OrderByDescending(i => i.ClosedAt)
                    .FirstOrDefault();
                if (last is not null)
                {
                    await ReopenAsync(last, incident, documents, now, tally, cancellationToken);
                }
                else
                {
                    await OpenAsync(incident, documents, now, tally, cancellationToken);
                }
            }
            catch (GitHubCallException ex)
            {
                Problem(tally, incident.Fingerprint, ex);
            }
        }

        foreach (var (fingerprint, issue) in current.Where(p => observations.Passing.Contains(p.Key)))
        {
            try
            {
                await RecoverAsync(issue, fingerprint, documents, now, tally, cancellationToken);
            }
            catch (GitHubCallException ex)
            {
                Problem(tally, fingerprint, ex);
            }
        }
    }

    /// <summary>Two runs at once may both open an issue; the oldest stays, later ones are closed as its duplicates.</summary>
    private async Task<Dictionary<string, TrackedIssue>> CloseDuplicatesAsync(IReadOnlyList<TrackedIssue> open, IncidentTally tally, CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, TrackedIssue>(StringComparer.Ordinal);
        foreach (var group in open.GroupBy(i => i.Fingerprint!, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(i => i.CreatedAt).ThenBy(i => i.Number).ToList();
            current[group.Key] = ordered[0];
            foreach (var duplicate in ordered.Skip(1))
            {
                try
                {
                    await gateway.CommentAsync(duplicate.Number, CommentRenderer.Duplicate(ordered[0].Number), cancellationToken);
                    tally.Commented++;
                    await gateway.CloseAsDuplicateAsync(duplicate.Number, cancellationToken);
                    tally.Closed++;
                    LogDuplicate(duplicate.Number, ordered[0].Number, group.Key);
                }
                catch (GitHubCallException ex)
                {
                    Problem(tally, group.Key, ex);
                }
            }
        }

        return current;
    }

    private async Task OpenAsync(FailingIncident incident, IncidentDocuments documents, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var state = IncidentState.Open(now, incident.Severity, incident.Failing, RelatedNames(incident), "Issue detected: " + Headline(incident));
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
        var state = issue.State ?? Recovered(issue, incident);
        var notes = new List<string>();
        var severity = state.Severity;
        var severitySince = state.SeveritySince;
        var events = new List<string>();

        if (incident.Severity < severity)
        {
            notes.Add(CommentRenderer.RaisedByConfig(severity, incident.Severity));
            events.Add($"Severity {severity} → {incident.Severity} (configuration)");
            (severity, severitySince) = (incident.Severity, now);
        }
        else if (severity != Severity.P0 && EscalateAfter(incident, severity, config) is { } after && now - severitySince >= after)
        {
            var raised = severity.Escalated();
            notes.Add(CommentRenderer.Escalated(severity, raised, now - state.FailingSince, after));
            events.Add($"Escalated {severity} → {raised}");
            (severity, severitySince) = (raised, now);
        }

        var added = incident.Failing.Except(state.Failing, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            notes.Add(CommentRenderer.NewlyFailing(incident, added, documents.Context));
            events.Add("Now also failing: " + string.Join(", ", added));
        }

        if (notes.Count == 0 && now - state.LastNotified >= settings.RemindEvery)
        {
            notes.Add(CommentRenderer.Reminder(incident, state, now, documents.Context));
        }

        if (state.ConsecutivePasses > 0)
        {
            events.Add($"Failing again after {state.ConsecutivePasses} passing run(s)");
        }

        var related = RelatedNames(incident);
        var changed = notes.Count > 0
            || severity != state.Severity
            || state.ConsecutivePasses > 0
            || !state.Failing.SequenceEqual(incident.Failing, StringComparer.Ordinal)
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
            Failing = incident.Failing,
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
        var previous = issue.State ?? Recovered(issue, incident);
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
            Failing = incident.Failing,
            Related = RelatedNames(incident),
        }).WithEvent(now, "Failing again: reopened. " + Headline(incident));

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

    private TimeSpan? EscalateAfter(FailingIncident incident, Severity severity, DiagConfig config)
    {
        var perCheck = incident.IsStorm ? null : config.FindCheck(incident.CheckName)?.EscalateAfter;
        return perCheck ?? (settings.EscalateAfter.TryGetValue(severity, out var after) ? after : null);
    }

    /// <summary>An issue whose state block was lost (edited by hand): start again from what the issue itself shows.</summary>
    private static IncidentState Recovered(TrackedIssue issue, FailingIncident incident)
    {
        var severity = issue.Labels.Select(l => l.StartsWith("severity:", StringComparison.Ordinal) && SeverityExtensions.TryParse(l[9..], out var s) ? s : (Severity?)null)
            .FirstOrDefault(s => s is not null) ?? incident.Severity;
        return IncidentState.Open(issue.CreatedAt, severity, incident.Failing, RelatedNames(incident), "Issue detected") with { LastSeen = issue.CreatedAt };
    }

    private static IReadOnlyList<string> RelatedNames(FailingIncident incident) => [.. incident.Related.Select(c => c.Name).Order(StringComparer.Ordinal)];

    private static string Headline(FailingIncident incident) => incident.Check?.Headline ?? $"alert storm, {incident.Related.Count} checks failing";

    private static string ConfigPathFor(DiagConfig config) =>
        string.IsNullOrEmpty(config.SourcePath) ? "diag.yaml" : Path.IsPathRooted(config.SourcePath) ? Path.GetFileName(config.SourcePath) : config.SourcePath;

    private void Problem(IncidentTally tally, string fingerprint, GitHubCallException ex)
    {
        var message = secrets.Redact($"{fingerprint}: {ex.Message}");
        tally.Problems.Add(message);
        logger.LogWarning("Incident not updated, retried next run: {Problem}", message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened incident #{Number} for {Fingerprint}")]
    private partial void LogOpened(int number, string fingerprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reopened incident #{Number} for {Fingerprint}")]
    private partial void LogReopened(int number, string fingerprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed recovered incident #{Number} for {Fingerprint}")]
    private partial void LogClosed(int number, string fingerprint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed #{Number} as a duplicate of #{Original} ({Fingerprint})")]
    private partial void LogDuplicate(int number, int original, string fingerprint);
}
