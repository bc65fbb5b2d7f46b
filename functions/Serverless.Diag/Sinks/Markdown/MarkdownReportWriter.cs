using System.Globalization;
using System.Text;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Sinks.Markdown;

/// <summary>The report as Markdown: a summary table, then the details of every check that is not passing.</summary>
public static class MarkdownReportWriter
{
    public static string ToMarkdown(RunReport report, string? title = null)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"## {title ?? "Serverless.Diag report"}: {Icon(report.Status)} {report.Status.ToWire()}");
        md.AppendLine();
        var s = report.Summary;
        md.AppendLine(CultureInfo.InvariantCulture, $"{s.Total} checks: {s.Pass} pass, {s.Warn} warn, {s.Fail} fail, {s.Error} error, {s.Skipped} skipped — {report.DurationMs.ToString("0", CultureInfo.InvariantCulture)} ms, started {report.StartedAt:u}");
        md.AppendLine();
        foreach (var environment in report.Environments)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"### Environment `{environment.Name}`: {Icon(environment.Status)} {environment.Status.ToWire()}");
            md.AppendLine();
            md.AppendLine("| Check | Type | Severity | Status | Time | Details |");
            md.AppendLine("|---|---|---|---|---:|---|");
            foreach (var check in environment.Checks)
            {
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {MarkdownText.Inline(check.Name)} | {check.Type} | {check.Severity} | {Icon(check.Status)} {check.Status.ToWire()}{(check.Pending is { } pending ? $" ({pending})" : string.Empty)}{(check.Silenced is { } mark ? $" 🔕 silenced: {MarkdownText.Inline(mark.Describe())}" : string.Empty)} | {check.DurationMs:0} ms | {MarkdownText.Inline(check.Headline)} |");
            }

            md.AppendLine();
            foreach (var check in environment.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error or CheckStatus.Warn))
            {
                AppendDetails(md, check);
            }
        }

        return md.ToString();
    }

    public static void AppendDetails(StringBuilder md, CheckReport check)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"#### {Icon(check.Status)} `{check.Environment}/{MarkdownText.Inline(check.Name)}` ({check.Type}, {check.Severity})");
        md.AppendLine();
        if (check.Description is not null)
        {
            md.AppendLine(MarkdownText.Inline(check.Description, 500));
            md.AppendLine();
        }

        if (check.Error is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Error ({check.Error.Cause}):** {MarkdownText.Inline(check.Error.Message, 500)}");
            md.AppendLine();
        }

        if (check.AfterDeploy is { } deploy)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Deployment:** {MarkdownText.Inline(deploy.Describe(), 300)}");
            md.AppendLine();
        }

        foreach (var warning in check.Warnings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Warning:** {MarkdownText.Inline(warning, 500)}");
            md.AppendLine();
        }

        if (check.Assertions.Count > 0)
        {
            md.AppendLine("| Assertion | Level | Result | Actual |");
            md.AppendLine("|---|---|---|---|");
            foreach (var a in check.Assertions)
            {
                var actual = a.Actual ?? a.Message ?? "not measured";
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| `{MarkdownText.Inline(a.Expression)}` | {a.Level.ToString().ToLowerInvariant()} | {(!a.Evaluated ? "⏸ not evaluated" : a.Passed ? "✅ pass" : "❌ fail")} | {MarkdownText.Inline(a.Evaluated ? actual : a.Message ?? actual)} |");
            }

            md.AppendLine();
        }

        foreach (var evidence in check.Evidence)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{System.Net.WebUtility.HtmlEncode(MarkdownText.Inline(evidence.Title))}</summary>");
            md.AppendLine();
            md.Append(MarkdownText.Fence(evidence.Content, evidence.Language, maxLength: 4096));
            md.AppendLine();
            md.AppendLine("</details>");
            md.AppendLine();
        }

        if (check.Diagnosis is { } diagnosis)
        {
            md.Append(DiagnosisMarkdown.Render(diagnosis));
        }

        if (check.FollowUps.Count > 0)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**What was checked next:** {string.Join(", ", check.FollowUps.Select(n => MarkdownText.Code(n)))} (their results are in this report)");
            md.AppendLine();
        }

        if (check.Hints.Count > 0)
        {
            md.AppendLine("**Next steps:**");
            foreach (var hint in check.Hints)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {MarkdownText.Inline(hint, 500)}");
            }

            md.AppendLine();
        }
    }

    public static string Icon(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "✅",
        CheckStatus.Warn => "⚠️",
        CheckStatus.Fail => "❌",
        CheckStatus.Error => "🛑",
        _ => "⏭️",
    };

    public static string Icon(RunStatus status) => status switch
    {
        RunStatus.Pass => "✅",
        RunStatus.Warn => "⚠️",
        _ => "❌",
    };
}
