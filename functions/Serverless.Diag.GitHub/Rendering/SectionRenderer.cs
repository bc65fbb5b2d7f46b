using Serverless.Diag.Incidents;
using Serverless.Diag.Sinks.Markdown;
using System.Globalization;
using System.Text;
using Serverless.Diag.Assertions;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.GitHub.Rendering;

/// <summary>Fills the Issue Report Template from a failing incident. Every piece of target text is fenced or neutralised.</summary>
internal static class SectionRenderer
{
    public static IncidentSections Render(FailingIncident incident, IncidentContext context, RenderBudget budget) =>
        incident.Check is { } check ? ForCheck(incident, check, context, budget) : ForStorm(incident, context, budget);

    public static string Title(FailingIncident incident, Configuration.Severity severity, IncidentContext context)
    {
        var what = incident.Check is { } check
            ? $"{check.Name}: {check.Headline ?? check.Status.ToWire()}"
            : $"alert storm: {incident.Related.Count} checks failing";
        var title = $"[{severity}][{incident.Environment}] {what}";
        // The probable cause ends the title, so a long headline is cut before it, never the cause.
        var cause = incident.Check?.Diagnosis?.TitleSuffix is { } suffix ? " " + Cut(MarkdownText.OneLine(context.Secrets.Redact(suffix)), 150) : string.Empty;
        // GitHub caps titles at 256 characters; mentions in titles are neutralised like everywhere else.
        return MarkdownText.NeutraliseMentions(Cut(MarkdownText.OneLine(context.Secrets.Redact(title)), 250 - cause.Length) + cause);
    }

    public static string ReproduceCommand(FailingIncident incident, IncidentContext context)
    {
        var command = $"serverless-diag run --config {context.ConfigPath} --env {incident.Environment}";
        return incident.IsStorm ? command : $"{command} --check {incident.CheckName}";
    }

    private static IncidentSections ForCheck(FailingIncident incident, CheckReport check, IncidentContext context, RenderBudget budget)
    {
        var environment = new StringBuilder()
            .Append("- Deployment: ").Append(MarkdownText.Code(incident.Environment)).Append('\n')
            .Append("- Check: ").Append(MarkdownText.Code(check.Name)).Append(" (").Append(MarkdownText.Code(check.Type)).Append(")\n")
            .Append("- Severity: ").Append(incident.Severity).Append('\n')
            .Append("- Version: serverless-diag ").Append(context.Version).Append('\n')
            .ToString();

        var description = new StringBuilder();
        var state = check.Status == CheckStatus.Error ? "cannot be measured" : "failing";
        description.Append(MarkdownText.Code(check.Name)).Append(" is ").Append(state)
            .Append(" in ").Append(MarkdownText.Code(incident.Environment)).Append(":\n\n");
        description.Append(MarkdownText.Fence(context.Safe(check.Headline ?? check.Status.ToWire(), budget.TextChars), "text"));
        if (check.AfterDeploy is { } deploy)
        {
            // Whether a deployment came just before is the first question of whoever reads the incident.
            description.Append('\n').Append(MarkdownText.Inline(context.Secrets.Redact(char.ToUpperInvariant(deploy.Describe()[0]) + deploy.Describe()[1..]), 300)).Append(".\n");
        }

        if (!string.IsNullOrWhiteSpace(check.Description))
        {
            description.Append('\n').Append(context.Prose(check.Description, budget.TextChars)).Append('\n');
        }

        var steps = $"1. Run {MarkdownText.Code(ReproduceCommand(incident, context))}\n2. Compare the measurements with the expectations below.\n";

        var expected = check.Assertions.Count == 0
            ? "The probe measures without an error.\n"
            : "Every line of `expect` holds:\n\n" + MarkdownText.Fence(
                context.Safe(string.Join('\n', check.Assertions.Take(budget.ListItems).Select(a => (a.Level == AssertionLevel.Warn ? "warn: " : string.Empty) + a.Expression)), budget.TextChars * 2),
                "text");

        var actual = new StringBuilder();
        if (check.Error is { } error)
        {
            actual.Append("The probe could not measure (").Append(MarkdownText.Code(error.Cause.Name)).Append("):\n\n")
                .Append(MarkdownText.Fence(context.Safe(error.Message, budget.TextChars), "text"));
        }

        var failed = check.Assertions.Where(a => !a.Passed).Take(budget.ListItems).ToList();
        if (failed.Count > 0)
        {
            if (actual.Length > 0)
            {
                actual.Append('\n');
            }

            actual.Append("Failed assertions, with what was measured:\n\n")
                .Append(MarkdownText.Fence(context.Safe(string.Join('\n', failed.Select(DescribeFailure)), budget.TextChars * 2), "text"));
        }

        if (actual.Length == 0)
        {
            actual.Append("The check reported ").Append(MarkdownText.Code(check.Status.ToWire())).Append('\n');
        }

        var logs = new StringBuilder();
        foreach (var evidence in check.Evidence.Take(budget.EvidenceItems))
        {
            logs.Append("#### ").Append(context.Prose(MarkdownText.OneLine(evidence.Title), 120)).Append("\n\n")
                .Append(MarkdownText.Fence(context.Safe(evidence.Content, budget.EvidenceChars), evidence.Language)).Append('\n');
        }

        if (check.Evidence.Count > budget.EvidenceItems)
        {
            logs.Append(OmittedNote(check.Evidence.Count - budget.EvidenceItems, "evidence item")).Append('\n');
        }

        if (logs.Length == 0)
        {
            logs.Append("_No evidence was collected._\n");
        }

        var contextText = new StringBuilder();
        if (check.Hints.Count > 0)
        {
            contextText.Append("Next steps from the troubleshooting guide:\n\n");
            foreach (var hint in check.Hints.Take(budget.ListItems))
            {
                contextText.Append("- ").Append(context.Prose(MarkdownText.OneLine(hint), budget.TextChars)).Append('\n');
            }

            contextText.Append('\n');
        }

        AppendRelated(contextText, "Skipped because this check failed (no issue of their own):", incident.Related, context, budget);
        RecentRunsRenderer.Append(contextText, check, context);
        contextText.Append("Filed by serverless-diag: this issue is updated while the check fails, and closed after ")
            .Append(context.CloseAfter.ToString(CultureInfo.InvariantCulture)).Append(" consecutive passing runs.\n");

        return new IncidentSections(environment, description.ToString(), steps, expected, actual.ToString(), logs.ToString(), contextText.ToString())
        {
            ProbableCause = check.Diagnosis is { } diagnosis
                ? DiagnosisMarkdown.Render(diagnosis, (text, max) => context.Prose(MarkdownText.OneLine(text), Math.Min(max, budget.TextChars)), budget.ListItems)
                : string.Empty,
            CheckedNext = FollowUpRenderer.Render(incident, context, budget),
        };
    }

    private static IncidentSections ForStorm(FailingIncident incident, IncidentContext context, RenderBudget budget)
    {
        var environment = $"- Deployment: {MarkdownText.Code(incident.Environment)}\n- Severity: {incident.Severity}\n- Version: serverless-diag {context.Version}\n";
        var description = $"Alert storm: {incident.Related.Count} checks fail at once in {MarkdownText.Code(incident.Environment)} " +
            $"(more than {context.StormThreshold}). One environment-level incident is filed instead of one issue per check: " +
            "a shared dependency (network, database, deployment) is the likely cause.\n";
        var steps = $"1. Run {MarkdownText.Code(ReproduceCommand(incident, context))}\n";
        var expected = "Every check of the environment passes.\n";
        var lines = incident.Related.Take(budget.ListItems).Select(c => $"{c.Name} [{c.Severity}] {c.Status.ToWire()}: {c.Headline}");
        var actual = MarkdownText.Fence(context.Safe(string.Join('\n', lines), Math.Max(budget.TextChars * 4, 2_000)), "text");
        if (incident.Related.Count > budget.ListItems)
        {
            actual += OmittedNote(incident.Related.Count - budget.ListItems, "check") + "\n";
        }

        var logs = "_Evidence is in each check's report (`--format markdown`)._\n";
        var additional = "Once no more than the storm threshold fail at once, each still-failing check gets its own issue.\n";
        return new IncidentSections(environment, description, steps, expected, actual, logs, additional);
    }

    private static void AppendRelated(StringBuilder builder, string heading, IReadOnlyList<CheckReport> related, IncidentContext context, RenderBudget budget)
    {
        if (related.Count == 0)
        {
            return;
        }

        builder.Append(heading).Append("\n\n");
        foreach (var check in related.Take(budget.ListItems))
        {
            builder.Append("- ").Append(MarkdownText.Code(check.Name));
            if (!string.IsNullOrEmpty(check.SkipReason))
            {
                builder.Append(": ").Append(context.Prose(MarkdownText.OneLine(check.SkipReason), 200));
            }

            builder.Append('\n');
        }

        if (related.Count > budget.ListItems)
        {
            builder.Append(OmittedNote(related.Count - budget.ListItems, "check")).Append('\n');
        }

        builder.Append('\n');
    }

    private static string DescribeFailure(AssertionResult assertion)
    {
        var line = $"✗ {(assertion.Level == AssertionLevel.Warn ? "warn: " : string.Empty)}{assertion.Expression}  actual: {assertion.Actual ?? "(not measured)"}";
        return assertion.Message is null ? line : $"{line}  ({assertion.Message})";
    }

    private static string OmittedNote(int count, string what) => $"_… and {count.ToString(CultureInfo.InvariantCulture)} more {what}{(count == 1 ? string.Empty : "s")} not shown._";

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
