using Serverless.Diag.Sinks.Markdown;
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

    private TimeSpan? EscalateAfter(FailingIncident incident, Severity severity)
    {
        if (!incident.IsStorm && settings.CheckEscalateAfter.TryGetValue(incident.CheckName, out var perCheck))
        {
            return perCheck;
        }

        return settings.EscalateAfter.TryGetValue(severity, out var after) ? after : null;
    }

    /// <summary>An issue whose state block was lost (edited by hand): start again from what the issue itself shows.</summary>
    private static IncidentState StateFromIssue(TrackedIssue issue, FailingIncident incident)
    {
        var severity = issue.Labels.Select(l => l.StartsWith("severity:", StringComparison.Ordinal) && SeverityExtensions.TryParse(l[9..], out var s) ? s : (Severity?)null)
            .FirstOrDefault(s => s is not null) ?? incident.Severity;
        return IncidentState.Open(issue.CreatedAt, severity, [], [], "Issue detected") with { LastSeen = issue.CreatedAt };
    }

    private static IReadOnlyList<string> RelatedNames(FailingIncident incident) => ObservationReader.Bounded(incident.Related.Select(c => c.Name));

    /// <summary>What goes into the state block is redacted and neutralised at the source: JSON escaping would hide a secret from a later redaction pass.</summary>
    private string Note(string text) => MarkdownText.NeutraliseMentions(MarkdownText.Truncate(secrets.Redact(MarkdownText.OneLine(text)), 300));

    private IReadOnlyList<string> Safe(IReadOnlyList<string> items) => [.. items.Select(i => MarkdownText.NeutraliseMentions(secrets.Redact(i)))];

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
