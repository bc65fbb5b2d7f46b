using Serverless.Diag.Sinks.Markdown;
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
    string? localTemplate = null,
    IIncidentStateStore? stateStore = null,
    string stateScope = "",
    IIncidentNotifier? notifier = null) : IIncidentSink
{
    private readonly IncidentTiming _timing = timing ?? new IncidentTiming();

    // Keeps the runs that change nothing visible (last seen, occurrences) without writing the issue.
    private readonly IIncidentStateStore _states = stateStore ?? new InMemoryIncidentStateStore();

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
        var observations = WithCheckEscalation(ObservationReader.Read(report, settings.StormThreshold), settings);
        var context = new IncidentContext(ConfigPathFor(config), report.Version, secrets, settings.CloseAfter, settings.StormThreshold);
        var documents = new IncidentDocuments(context, settings.Labels);
        _template ??= new TemplateCache(gateway, settings.Template, localTemplate, logger);
        var machine = new IncidentStateMachine(PolicyFor(settings, _timing) with { CloseAfterByFingerprint = OwnSuccessThresholds(report, config) }, secrets.Redact);

        var open = await gateway.ListOpenAsync(settings.Labels, cancellationToken);
        var issues = await CloseDuplicatesAsync(open, tally, cancellationToken);
        var failingByFingerprint = observations.Failing.ToDictionary(i => i.Fingerprint, StringComparer.Ordinal);
        var known = issues.ToDictionary(
            p => p.Key,
            p => p.Value.State ?? StateFromIssue(p.Value, failingByFingerprint.GetValueOrDefault(p.Key)?.Severity ?? Severity.P2),
            StringComparer.Ordinal);

        // Besides the open incidents, the store may hold incidents resolved by hand that wait for a pass.
        var observed = observations.Failing.Select(i => i.Fingerprint).Concat(observations.Passing);
        var stored = await _states.LoadAsync(stateScope, [.. known.Keys.Union(observed, StringComparer.Ordinal)], cancellationToken);
        var held = new Dictionary<string, IncidentState>(StringComparer.Ordinal);
        foreach (var (fingerprint, state) in stored)
        {
            if (known.TryGetValue(fingerprint, out var fromIssue))
            {
                known[fingerprint] = IncidentStates.Freshest(fromIssue, state);
            }
            else if (state.ClosedAt is not null)
            {
                // Newer than the closed issue's own copy once a pass lifted the hold.
                held[fingerprint] = state;
                if (state.HoldUntilPass)
                {
                    known[fingerprint] = state;
                }
            }
        }

        var commands = await ReadCommandsAsync(issues, known, now, tally, cancellationToken);
        tally.Silenced.AddRange(SilencedChecks(report, issues, known, now));
        observations = observations with { Failing = [.. observations.Failing.Select(i => Quieted(i, issues, known, now))] };
        failingByFingerprint = observations.Failing.ToDictionary(i => i.Fingerprint, StringComparer.Ordinal);

        // Closed issues are read only when something may open: a recent one is reopened instead.
        var mayOpen = observations.Failing.Where(i => !issues.ContainsKey(i.Fingerprint) && i.MayOpen && i.Pending is null && !(i.SilencedUntil > now)).ToList();
        IReadOnlyList<TrackedIssue>? closed = null;
        if (mayOpen.Count > 0)
        {
            closed = await gateway.ListClosedSinceAsync(settings.Labels, now - settings.ReopenWithin, cancellationToken);
            foreach (var incident in mayOpen)
            {
                var last = closed
                    .Where(i => i.Fingerprint == incident.Fingerprint && i.StateReason is null or "completed" && i.ClosedAt >= now - settings.ReopenWithin)
                    .OrderByDescending(i => i.ClosedAt)
                    .FirstOrDefault();
                if (last is not null)
                {
                    issues[incident.Fingerprint] = last;
                    // The state's own close time when this tool closed it: the store's copy carries the same one (GitHub's may differ by a second).
                    var closedState = last.State is { } s ? s with { ClosedAt = s.ClosedAt ?? last.ClosedAt } : StateFromIssue(last, incident.Severity) with { ClosedAt = last.ClosedAt };
                    known[incident.Fingerprint] = held.TryGetValue(incident.Fingerprint, out var kept) ? IncidentStates.Freshest(closedState, kept) : closedState;
                }
            }
        }

        var carriedOut = new Dictionary<string, IncidentState?>(StringComparer.Ordinal);
        var decided = machine.DecideRun(observations, known, now)
            .Select(d => WithCommands(d, commands.GetValueOrDefault(d.Fingerprint), failingByFingerprint.GetValueOrDefault(d.Fingerprint), known.GetValueOrDefault(d.Fingerprint) ?? d.Next!, now))
            .ToList();
        foreach (var (fingerprint, outcome) in commands.Where(c => !decided.Exists(d => d.Fingerprint == c.Key)))
        {
            // A command on an incident whose check did not run this run still takes effect (and is remembered).
            decided.Add(WithCommands(IncidentDecision.Nothing(fingerprint, known[fingerprint]), outcome, null, known[fingerprint], now));
        }

        foreach (var decision in decided)
        {
            try
            {
                var incident = failingByFingerprint.GetValueOrDefault(decision.Fingerprint);
                var issue = issues.GetValueOrDefault(decision.Fingerprint);
                var written = await CarryOutAsync(decision, incident, issue, known.GetValueOrDefault(decision.Fingerprint), documents, now, tally, cancellationToken);
                var next = decision.Next;
                if (notifier is not null && next is not null)
                {
                    var target = written ?? (issue is { IsOpen: true } ? new WrittenIssue(issue.Number, issue.Body, issue.HtmlUrl) : null);
                    next = await NotifyAsync(notifier, decision, incident, target, next, tally, cancellationToken);
                }

                if (decision.Action != IncidentAction.None || !ReferenceEquals(next, decision.Next))
                {
                    // A closed incident lives on in its closed issue; the store keeps open ones (and undelivered notifications).
                    carriedOut[decision.Fingerprint] = decision.Action == IncidentAction.Close && next?.Notifications.Any(d => d.IsDue) != true && next?.HoldUntilPass != true ? null : next;
                    if (decision.Action == IncidentAction.Record && commands.ContainsKey(decision.Fingerprint) && issue is { IsOpen: true } && next is not null && written is null)
                    {
                        await gateway.UpdateBodyAsync(issue.Number, BodyComposer.ReplaceState(issue.Body, next), cancellationToken);
                        tally.Updated++;
                    }
                }
            }
            catch (GitHubCallException ex)
            {
                Problem(tally, decision.Fingerprint, ex);
            }
        }

        if (notifier is not null)
        {
            await RetryClosedAsync(notifier, observations, issues, closed, carriedOut, tally, now, cancellationToken);
        }

        await _states.SaveAsync(stateScope, carriedOut, cancellationToken);
    }

    /// <summary>
    /// A notification of a closed incident that an earlier run could not deliver (typically its <c>resolve</c>) is
    /// still owed: it is found in the store or in the closed issue's state, sent, and recorded there, so it is
    /// delivered once whichever process runs next. Costs one list request of recently closed issues per run.
    /// </summary>
    private async Task RetryClosedAsync(
        IIncidentNotifier notifier,
        Observations observations,
        Dictionary<string, TrackedIssue> issues,
        IReadOnlyList<TrackedIssue>? closed,
        Dictionary<string, IncidentState?> carriedOut,
        IncidentTally tally,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var candidates = observations.Failing.Select(i => i.Fingerprint).Concat(observations.Passing)
            .Where(f => !issues.ContainsKey(f) && !carriedOut.ContainsKey(f))
            .ToHashSet(StringComparer.Ordinal);
        if (candidates.Count == 0)
        {
            return;
        }

        try
        {
            var stored = await _states.LoadAsync(stateScope, candidates, cancellationToken);
            closed ??= await gateway.ListClosedSinceAsync(settings.Labels, now - settings.ReopenWithin, cancellationToken);
            var latestClosed = closed.Where(i => i.Fingerprint is not null && candidates.Contains(i.Fingerprint))
                .GroupBy(i => i.Fingerprint!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.ClosedAt).First(), StringComparer.Ordinal);
            foreach (var fingerprint in candidates.Order(StringComparer.Ordinal))
            {
                var issue = latestClosed.GetValueOrDefault(fingerprint);
                var fromIssue = issue?.State is { } s ? s with { ClosedAt = s.ClosedAt ?? issue.ClosedAt } : null;
                var state = fromIssue is not null && stored.TryGetValue(fingerprint, out var kept) ? IncidentStates.Freshest(fromIssue, kept) : fromIssue ?? stored.GetValueOrDefault(fingerprint);
                if (state is not { ClosedAt: not null } || !state.OwesNotifications())
                {
                    continue;
                }

                var subject = new IncidentSubject(fingerprint, state, null, issue?.HtmlUrl);
                var next = await NotificationLedger.DeliverAsync(notifier, null, subject, cancellationToken);
                if (issue is not null)
                {
                    await gateway.UpdateBodyAsync(issue.Number, BodyComposer.ReplaceState(issue.Body, next), cancellationToken);
                    tally.Updated++;
                }

                carriedOut[fingerprint] = next.OwesNotifications() ? next : null;
            }
        }
        catch (GitHubCallException ex)
        {
            Problem(tally, "closed incidents", ex);
        }
    }

    /// <summary>
    /// Records the notifications the decision's events need, sends the due ones (new, or left by an earlier run),
    /// and writes what was delivered into the issue's state so no event is sent twice. Never fails the run.
    /// </summary>
    private async Task<IncidentState> NotifyAsync(IIncidentNotifier notifier, IncidentDecision decision, FailingIncident? incident, WrittenIssue? issue, IncidentState state, IncidentTally tally, CancellationToken cancellationToken)
    {
        var subject = new IncidentSubject(decision.Fingerprint, state, incident, issue?.HtmlUrl);
        var next = await NotificationLedger.DeliverAsync(notifier, decision, subject, cancellationToken);
        if (ReferenceEquals(next, state))
        {
            return state;
        }

        if (issue is not null)
        {
            try
            {
                await gateway.UpdateBodyAsync(issue.Number, BodyComposer.ReplaceState(issue.Body, next), cancellationToken);
                tally.Updated++;
            }
            catch (GitHubCallException ex)
            {
                // The store still has it; without one, a delivered event may be sent again next run (receivers get a stable event id).
                Problem(tally, decision.Fingerprint, ex);
            }
        }

        return next;
    }

    internal static IncidentPolicy PolicyFor(GitHubSettings settings, IncidentTiming timing) => new()
    {
        CloseAfter = settings.CloseAfter,
        ReopenWithin = settings.ReopenWithin,
        RemindEvery = settings.RemindEvery,
        EscalateAfter = settings.EscalateAfter,
        StateRefresh = timing.StateRefresh,
    };

    /// <summary>Checks that set their own <c>success_threshold</c> (or inherit one from <c>defaults:</c>) close after that many passing runs.</summary>
    internal static Dictionary<string, int> OwnSuccessThresholds(RunReport report, DiagConfig config)
    {
        var own = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var check in report.AllChecks)
        {
            if (config.FindCheck(check.Name)?.Memory.SuccessThreshold is { } threshold)
            {
                own[IncidentFingerprint.Of(check.Environment, check.Name)] = threshold;
            }
        }

        return own;
    }

    /// <summary>A check's own <c>escalate_after</c> travels with its observation; a storm has none.</summary>
    internal static Observations WithCheckEscalation(Observations observations, GitHubSettings settings) => observations with
    {
        Failing = [.. observations.Failing.Select(i => !i.IsStorm && settings.CheckEscalateAfter.TryGetValue(i.CheckName, out var after) ? i with { EscalateAfter = after } : i)],
    };

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

    /// <summary>An issue whose state block was lost (edited by hand): start again from what the issue itself shows.</summary>
    private static IncidentState StateFromIssue(TrackedIssue issue, Severity fallback)
    {
        var severity = issue.Labels.Select(l => l.StartsWith("severity:", StringComparison.Ordinal) && SeverityExtensions.TryParse(l[9..], out var s) ? s : (Severity?)null)
            .FirstOrDefault(s => s is not null) ?? fallback;
        return IncidentState.Open(issue.CreatedAt, severity, [], [], "Issue detected") with { LastSeen = issue.CreatedAt };
    }

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
