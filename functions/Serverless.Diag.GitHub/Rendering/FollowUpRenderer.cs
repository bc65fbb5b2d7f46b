using Serverless.Diag.Incidents;
using System.Text;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.Markdown;

namespace Serverless.Diag.GitHub.Rendering;

/// <summary>"What was checked next": the follow-ups a failure ran, and the symptom checks its cause explains, with their evidence.</summary>
internal static class FollowUpRenderer
{
    public static string Render(FailingIncident incident, IncidentContext context, RenderBudget budget)
    {
        if (incident.FollowUps.Count == 0 && incident.Symptoms.Count == 0)
        {
            return string.Empty;
        }

        var md = new StringBuilder();
        if (incident.FollowUps.Count > 0)
        {
            md.Append("Run after this check failed (`on_failure`):\n\n");
            foreach (var check in incident.FollowUps.Take(budget.ListItems))
            {
                AppendCheck(md, check, context, budget);
            }
        }

        if (incident.Symptoms.Count > 0)
        {
            md.Append("Symptoms of the same cause (failing, no issue of their own):\n\n");
            foreach (var check in incident.Symptoms.Take(budget.ListItems))
            {
                AppendCheck(md, check, context, budget);
            }
        }

        return md.ToString();
    }

    private static void AppendCheck(StringBuilder md, CheckReport check, IncidentContext context, RenderBudget budget)
    {
        md.Append("- ").Append(MarkdownText.Code(check.Name)).Append(" (").Append(MarkdownText.Code(check.Type)).Append("): **")
            .Append(check.Status.ToWire()).Append("**");
        if (check.Status != CheckStatus.Pass && check.Headline is { } headline)
        {
            md.Append(" — ").Append(context.Prose(MarkdownText.OneLine(headline), Math.Min(300, budget.TextChars)));
        }

        md.Append('\n');
        foreach (var evidence in check.Evidence.Take(Math.Min(2, budget.EvidenceItems)))
        {
            md.Append("\n  <details><summary>").Append(System.Net.WebUtility.HtmlEncode(context.Prose(MarkdownText.OneLine(evidence.Title), 120))).Append("</summary>\n\n")
                .Append(Indent(MarkdownText.Fence(context.Safe(evidence.Content, budget.EvidenceChars), evidence.Language))).Append("\n  </details>\n");
        }

        md.Append('\n');
    }

    private static string Indent(string text) => string.Join('\n', text.Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
}
