using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Silences;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// Incident control from the issue: <c>/diag</c> commands in comments since the last one read, honoured from the
/// repository's owners, members and collaborators; the <c>silenced</c> label as an open-ended snooze.
/// </summary>
internal sealed partial class GitHubIncidentSink
{
    public const string SilencedLabel = "silenced";

    /// <summary>What the commands of one issue asked for this run.</summary>
    private sealed class CommandOutcome
    {
        public string? AcknowledgedBy { get; set; }

        public string? ResolvedBy { get; set; }

        public bool Changed { get; set; }
    }

    /// <summary>Reads the new comments of each open incident, applies the trusted commands to its state, reacts to each, replies once to the rest.</summary>
    private async Task<Dictionary<string, CommandOutcome>> ReadCommandsAsync(
        Dictionary<string, TrackedIssue> issues, Dictionary<string, IncidentState> known, DateTimeOffset now, IncidentTally tally, CancellationToken cancellationToken)
    {
        var outcomes = new Dictionary<string, CommandOutcome>(StringComparer.Ordinal);
        foreach (var (fingerprint, issue) in issues.Where(p => p.Value.IsOpen))
        {
            var state = known[fingerprint];
            if (issue.CommentCount <= state.CommentsRead)
            {
                continue;
            }

            try
            {
                var comments = await gateway.ListCommentsAsync(issue.Number, state.LastCommentId, cancellationToken);
                var outcome = new CommandOutcome();
                var ignored = new List<string>();
                var malformed = 0;
                foreach (var comment in comments)
                {
                    if (DiagCommand.Parse(comment.Body) is not { } command)
                    {
                        continue;
                    }

                    var who = Who(comment.Login);
                    if (!DiagCommand.IsTrusted(comment.Association))
                    {
                        ignored.Add(who);
                        continue;
                    }

                    if (command is DiagCommand.Malformed)
                    {
                        malformed++;
                        continue;
                    }

                    state = Apply(command, state, who, now, outcome);
                    outcome.Changed = true;
                    await gateway.ReactAsync(comment.Id, cancellationToken);
                }

                var read = issue.CommentCount;
                if (ignored.Count > 0 || malformed > 0)
                {
                    await gateway.CommentAsync(issue.Number, CommentRenderer.CommandReply(ignored.Distinct(StringComparer.Ordinal).ToList(), malformed), cancellationToken);
                    tally.Commented++;
                    read++;
                }

                // Comments without a command (people talking, this tool's own) only move the read mark.
                known[fingerprint] = state with { LastCommentId = comments.Count > 0 ? comments[^1].Id : state.LastCommentId, CommentsRead = read };
                if (outcome.Changed)
                {
                    outcomes[fingerprint] = outcome;
                }
            }
            catch (GitHubCallException ex)
            {
                Problem(tally, fingerprint, ex);
            }
        }

        return outcomes;
    }

    private static IncidentState Apply(DiagCommand command, IncidentState state, string who, DateTimeOffset now, CommandOutcome outcome)
    {
        switch (command)
        {
            case DiagCommand.Ack:
                outcome.AcknowledgedBy = who;
                return (state with { AcknowledgedBy = who, AcknowledgedAt = now }).WithEvent(now, $"Acknowledged by {who}: no escalation or reminders for this outage");
            case DiagCommand.Snooze snooze:
                return (state with { SnoozedUntil = now + snooze.Duration, SnoozedBy = who }).WithEvent(now, $"Snoozed for {StatusRenderer.Duration(snooze.Duration)} by {who}");
            case DiagCommand.SetSeverity set:
                return (state with { Severity = set.Severity, SeveritySince = now, SeverityOverride = set.Severity }).WithEvent(now, $"Severity set to {set.Severity} by {who}");
            case DiagCommand.Resolve:
                outcome.ResolvedBy = who;
                return state with { ResolvedBy = who };
            default:
                return state;
        }
    }

    /// <summary>A snooze or the <c>silenced</c> label quiets the incident like a maintenance window.</summary>
    private static FailingIncident Quieted(FailingIncident incident, Dictionary<string, TrackedIssue> issues, Dictionary<string, IncidentState> known, DateTimeOffset now)
    {
        if (IncidentMark(incident.Fingerprint, incident.Environment, incident.CheckName, issues, known, now) is not { } mark)
        {
            return incident;
        }

        var until = mark.Until ?? DateTimeOffset.MaxValue;
        return incident.SilencedUntil >= until ? incident : incident with { SilencedUntil = until, Check = incident.Check is { } c ? c with { Silenced = mark } : null };
    }

    /// <summary>
    /// Every check of the report whose incident a snooze or the <c>silenced</c> label silences (failing or not), so the
    /// host marks it in this run's report like a window or silence.
    /// </summary>
    private static List<CheckSilence> SilencedChecks(RunReport report, Dictionary<string, TrackedIssue> issues, Dictionary<string, IncidentState> known, DateTimeOffset now) =>
        [.. report.AllChecks
            .Select(c => IncidentMark(IncidentFingerprint.Of(c.Environment, c.Name), c.Environment, c.Name, issues, known, now) is { } mark ? new CheckSilence(c.Environment, c.Name, mark) : null)
            .OfType<CheckSilence>()];

    /// <summary>What silences an open incident: its <c>silenced</c> label (open-ended), else a snooze still running.</summary>
    private static SilenceMark? IncidentMark(string fingerprint, string environment, string check, Dictionary<string, TrackedIssue> issues, Dictionary<string, IncidentState> known, DateTimeOffset now)
    {
        if (issues.TryGetValue(fingerprint, out var issue) && issue.IsOpen && issue.Labels.Contains(SilencedLabel, StringComparer.OrdinalIgnoreCase))
        {
            return new SilenceMark(SilenceMark.Label, SilencedLabel, null);
        }

        // Named like the silence the host keeps it as, so the report shows one name whichever of the two marked it.
        return known.TryGetValue(fingerprint, out var state) && state is { ClosedAt: null, ResolvedBy: null } && state.SnoozedUntil is { } until && until > now
            ? new SilenceMark(SilenceMark.Snooze, Silence.ForSnooze(environment, check, now, until, state.SnoozedBy).Id, until, PlainLogin(state.SnoozedBy))
            : null;
    }

    /// <summary>A decision as the commands of this run change it: a resolve closes now, any command rewrites the issue.</summary>
    private static IncidentDecision WithCommands(IncidentDecision decision, CommandOutcome? outcome, FailingIncident? incident, IncidentState state, DateTimeOffset now)
    {
        if (outcome is null)
        {
            return decision;
        }

        if (outcome.ResolvedBy is { } by)
        {
            var closed = (state with { ClosedAt = now, HoldUntilPass = true, SilencedUntil = null, LastWritten = now })
                .WithEvent(now, $"Resolved by {by} with /diag resolve");
            return new IncidentDecision(decision.Fingerprint, IncidentAction.Close, closed, [new IncidentEvent(IncidentEventKind.Resolved, decision.Fingerprint, now, state.Severity)]);
        }

        var events = outcome.AcknowledgedBy is null
            ? decision.Events
            : [.. decision.Events, new IncidentEvent(IncidentEventKind.Acknowledged, decision.Fingerprint, now, (decision.Next ?? state).Severity)];
        var next = decision.Next ?? state;
        var action = decision.Action is IncidentAction.None or IncidentAction.Record
            ? (incident is not null ? IncidentAction.Update : IncidentAction.Record)
            : decision.Action;
        return new IncidentDecision(decision.Fingerprint, action, action == IncidentAction.Update ? next with { LastWritten = now } : next, events);
    }

    /// <summary>
    /// The login as reports and the store keep it (<c>@carol</c>): the issue's copy carries a zero-width space after
    /// the <c>@</c> so it never pings, and every Markdown writer puts one back.
    /// </summary>
    private static string? PlainLogin(string? who) => who?.Replace("\u200B", string.Empty, StringComparison.Ordinal);

    /// <summary>A login as the issue may show it: never a mention that pings, never markup.</summary>
    private static string Who(string? login) => login is { Length: > 0 } ? "@" + MarkdownText.Inline(login, 40).TrimStart('@') : "someone";
}
