using Serverless.Diag.Incidents;
using Serverless.Diag.Sinks.Markdown;
using System.Globalization;
using System.Text;
using Serverless.Diag.GitHub.Incidents;

namespace Serverless.Diag.GitHub.Rendering;

internal enum IncidentPhase
{
    Investigating,
    Monitoring,
    Resolved,
}

/// <summary>The guides' status-update block (Timeline, Impact, Next Steps, Status) and the visible state table.</summary>
internal static class StatusRenderer
{
    public const string Begin = "<!-- serverless-diag:status -->";
    public const string End = "<!-- /serverless-diag:status -->";

    public static string Render(string fingerprint, IncidentState state, IncidentPhase phase, DateTimeOffset now, IReadOnlyList<string> nextSteps, IncidentContext context)
    {
        var builder = new StringBuilder();
        builder.Append(Begin).Append("\n### Status Update\n\n**Timeline:**\n\n");
        foreach (var entry in state.Timeline)
        {
            builder.Append("- ").Append(Time(entry.At)).Append(" — ").Append(context.Prose(MarkdownText.OneLine(entry.Text), 300)).Append('\n');
        }

        var outageEnd = phase == IncidentPhase.Investigating ? now : state.PassingSince ?? now;
        builder.Append("\n**Impact:**\n\n")
            .Append("- Affected: ").Append(MarkdownText.Code(fingerprint));
        if (state.Related.Count > 0)
        {
            builder.Append(" and ").Append(state.Related.Count.ToString(CultureInfo.InvariantCulture)).Append(" related check(s)");
        }

        builder.Append('\n')
            .Append("- Duration: ").Append(Duration(outageEnd - state.FailingSince)).Append(" (since ").Append(Time(state.FailingSince)).Append(")\n")
            .Append("- Occurrences: ").Append(state.Occurrences.ToString(CultureInfo.InvariantCulture)).Append(" failing run(s) recorded\n");

        builder.Append("\n**Next Steps:**\n\n");
        var steps = phase switch
        {
            IncidentPhase.Monitoring => [$"Passing again: closes after {context.CloseAfter} consecutive passing runs ({state.ConsecutivePasses} so far)."],
            IncidentPhase.Resolved => ["None: recovered. Consider a post-incident review."],
            _ => nextSteps.Count > 0 ? nextSteps : ["Investigate with the evidence above; the issue updates itself while the check fails."],
        };
        foreach (var step in steps.Take(8))
        {
            builder.Append("- ").Append(context.Prose(MarkdownText.OneLine(step), 500)).Append('\n');
        }

        builder.Append("\n**Status:** ").Append(phase == IncidentPhase.Investigating && state.AcknowledgedBy is { } by
                ? $"ACKNOWLEDGED by {MarkdownText.NeutraliseMentions(MarkdownText.OneLine(by))} at {Time(state.AcknowledgedAt ?? now)}"
                : phase.ToString().ToUpperInvariant()).Append("\n\n")
            .Append("| First seen | Last seen | Occurrences | Consecutive passes | Severity |\n|---|---|---|---|---|\n")
            .Append("| ").Append(Time(state.FirstSeen)).Append(" | ").Append(Time(state.LastSeen)).Append(" | ")
            .Append(state.Occurrences.ToString(CultureInfo.InvariantCulture)).Append(" | ")
            .Append(state.ConsecutivePasses.ToString(CultureInfo.InvariantCulture)).Append(" | ")
            .Append(state.Severity).Append(" |\n")
            .Append(End);
        return builder.ToString();
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        if (span.TotalDays >= 1)
        {
            return $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m";
        }

        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : $"{(int)span.TotalMinutes}m {span.Seconds}s";
    }
}
