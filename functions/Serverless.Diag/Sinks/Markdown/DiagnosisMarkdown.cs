using System.Globalization;
using System.Text;
using Serverless.Diag.Diagnosis;

namespace Serverless.Diag.Sinks.Markdown;

/// <summary>A failing check's diagnosis as Markdown: for the report and, through the same text, the incident body.</summary>
public static class DiagnosisMarkdown
{
    /// <param name="safe">Redacts, cuts and neutralises one piece of text (incidents); the report's own inline escaping otherwise.</param>
    public static string Render(CheckDiagnosis diagnosis, Func<string, int, string>? safe = null, int maxItems = 20)
    {
        safe ??= (text, max) => MarkdownText.Inline(text, max);
        var md = new StringBuilder();
        if (diagnosis.ProbableCause is { } cause)
        {
            md.Append("**Probable cause:** ").Append(safe(cause.Cause, 200)).Append(" (").Append(safe(cause.KeyEvidence, 200)).Append(")\n\n");
            AppendEvidence(md, cause.Evidence, safe, maxItems);
            md.Append("Rule ").Append(MarkdownText.Code(cause.Rule)).Append(", from ").Append(safe(cause.Source, 300)).Append(".\n\n");
            if (cause.NextSteps.Count > 0)
            {
                md.Append("Next steps:\n\n");
                foreach (var step in cause.NextSteps.Take(maxItems))
                {
                    md.Append("- ").Append(safe(step, 500)).Append('\n');
                }

                md.Append('\n');
            }
        }
        else if (diagnosis.IsAmbiguous)
        {
            md.Append("**Probable cause:** not named: ").Append(diagnosis.Candidates.Count.ToString(CultureInfo.InvariantCulture))
                .Append(" rules match, so the evidence does not single one out. Candidates:\n\n");
            foreach (var candidate in diagnosis.Candidates.Take(maxItems))
            {
                md.Append("- ").Append(safe(candidate.Cause, 200)).Append(" (").Append(MarkdownText.Code(candidate.Rule)).Append("): ")
                    .Append(safe(candidate.KeyEvidence, 200)).Append('\n');
            }

            md.Append('\n');
        }
        else
        {
            md.Append("**Probable cause:** none of the cause rules matches what this run measured.\n\n");
        }

        if (diagnosis.NotMatched.Count > 0)
        {
            md.Append("<details><summary>Rules considered that did not match (").Append(diagnosis.NotMatched.Count.ToString(CultureInfo.InvariantCulture)).Append(")</summary>\n\n");
            foreach (var verdict in diagnosis.NotMatched.Take(maxItems * 2))
            {
                md.Append("- ").Append(MarkdownText.Code(verdict.Rule)).Append(": ").Append(safe(verdict.Reason, 300)).Append('\n');
            }

            md.Append("\n</details>\n\n");
        }

        return md.ToString();
    }

    private static void AppendEvidence(StringBuilder md, IReadOnlyList<EvidenceLine> evidence, Func<string, int, string> safe, int maxItems)
    {
        if (evidence.Count == 0)
        {
            return;
        }

        md.Append("Evidence:\n\n");
        foreach (var line in evidence.Take(maxItems))
        {
            md.Append("- ").Append(MarkdownText.Code(line.Check)).Append(": ").Append(safe(line.Text, 300)).Append('\n');
        }

        md.Append('\n');
    }
}
