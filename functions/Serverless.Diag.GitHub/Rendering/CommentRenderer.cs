using Serverless.Diag.Incidents;
using Serverless.Diag.Sinks.Markdown;
using System.Globalization;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.GitHub.Rendering;

/// <summary>The few comments an incident ever gets: something new fails, escalation, reminder, reopened, recovered, duplicate.</summary>
internal static class CommentRenderer
{
    private const int MaxComment = 60_000;

    public static string NewlyFailing(FailingIncident incident, IReadOnlyList<string> added, IncidentContext context)
    {
        var lines = added.Select(item => Describe(incident.Check, item));
        return $"**Now also failing** in {MarkdownText.Code(incident.Fingerprint)}:\n\n" + MarkdownText.Fence(context.Safe(string.Join('\n', lines), 8_000), "text");
    }

    public static string Escalated(Severity from, Severity to, TimeSpan failingFor, TimeSpan after) =>
        $"**Escalated {from} → {to}**: failing for {StatusRenderer.Duration(failingFor)}, longer than `escalate_after` ({StatusRenderer.Duration(after)}) for {from}.";

    public static string RaisedByConfig(Severity from, Severity to) => $"**Severity {from} → {to}**: what fails is now configured as {to}.";

    public static string Reminder(FailingIncident incident, IncidentState state, DateTimeOffset now, IncidentContext context) =>
        $"**Still failing** after {StatusRenderer.Duration(now - state.FailingSince)} ({state.Occurrences.ToString(CultureInfo.InvariantCulture)} failing runs recorded). Latest:\n\n" +
        MarkdownText.Fence(context.Safe(Headline(incident), 2_000), "text");

    public static string Reopened(FailingIncident incident, TimeSpan sinceClosed, IncidentContext context) =>
        $"**Failing again** {StatusRenderer.Duration(sinceClosed)} after this issue was closed: reopened instead of opening a new issue.\n\n" +
        MarkdownText.Fence(context.Safe(Headline(incident), 2_000), "text");

    public static string Recovered(string fingerprint, IncidentState state, int passes) =>
        $"**Recovered**: {MarkdownText.Code(fingerprint)} passed {passes.ToString(CultureInfo.InvariantCulture)} consecutive run(s). " +
        $"Outage duration: **{StatusRenderer.Duration((state.PassingSince ?? state.LastSeen) - state.FailingSince)}** " +
        $"({StatusRenderer.Time(state.FailingSince)} to {StatusRenderer.Time(state.PassingSince ?? state.LastSeen)}). Closing as completed.";

    public static string Silenced(DateTimeOffset until) => Silenced(null, until);

    /// <summary>Said once per window: what covers the check and until when (a label: until it is removed).</summary>
    public static string Silenced(SilenceMark? mark, DateTimeOffset until)
    {
        const string rest = "No escalation, reminders or notifications meanwhile; normal rules resume after it.";
        return mark?.Kind switch
        {
            SilenceMark.Maintenance => $"**In maintenance** until {StatusRenderer.Time(until)}: window {MarkdownText.Code(MarkdownText.Truncate(mark.Name, 100))} covers this check. {rest}",
            SilenceMark.Label => $"**Silenced** by the `silenced` label until it is removed. {rest}",
            SilenceMark.Snooze => $"**Snoozed** until {StatusRenderer.Time(until)}{(mark.Reason is { Length: > 0 } by ? $" by {MarkdownText.Inline(by, 60)}" : string.Empty)}. {rest}",
            SilenceMark.Silence => $"**Silenced** until {StatusRenderer.Time(until)} (silence {MarkdownText.Code(MarkdownText.Truncate(mark.Name, 40))}{(mark.Reason is { Length: > 0 } reason ? ": " + MarkdownText.Prose(MarkdownText.Inline(reason, 200)) : string.Empty)}). {rest}",
            _ => $"**Silenced** until {StatusRenderer.Time(until)}: a maintenance window or silence covers this check. {rest}",
        };
    }

    /// <summary>The one reply to commands not honoured this run; never quotes what the comments said.</summary>
    public static string CommandReply(IReadOnlyList<string> ignored, int malformed)
    {
        var lines = new List<string>();
        if (ignored.Count > 0)
        {
            lines.Add($"Ignored `/diag` command(s) from {string.Join(", ", ignored.Select(MarkdownText.NeutraliseMentions))}: only the repository's owners, members and collaborators may control this incident.");
        }

        if (malformed > 0)
        {
            lines.Add($"`/diag` command not understood. Syntax: {DiagCommand.Syntax}");
        }

        return string.Join("\n\n", lines);
    }

    public static string ResolvedByCommand(string who, TimeSpan reopenWithin) =>
        $"**Resolved** by {MarkdownText.NeutraliseMentions(who)} with `/diag resolve`. Not reopened within {StatusRenderer.Duration(reopenWithin)} unless the check passes first and then fails again.";

    public static string Duplicate(int original) => $"Duplicate of #{original.ToString(CultureInfo.InvariantCulture)}: two runs filed the same incident at once. Closing this one.";

    public static string Join(IEnumerable<string> parts)
    {
        var text = string.Join("\n\n", parts);
        return text.Length <= MaxComment ? text : MarkdownText.Truncate(text, MaxComment);
    }

    private static string Headline(FailingIncident incident) => incident.Check?.Headline ?? $"{incident.Related.Count} checks failing: {string.Join(", ", incident.Failing)}";

    private static string Describe(CheckReport? check, string item)
    {
        var assertion = check?.Assertions.FirstOrDefault(a => a.Expression == item && !a.Passed);
        if (assertion is not null)
        {
            return $"✗ {item}  actual: {assertion.Actual ?? "(not measured)"}";
        }

        return check?.Error is { } error && item.StartsWith("error:", StringComparison.Ordinal) ? $"✗ {error}" : $"✗ {item}";
    }
}
