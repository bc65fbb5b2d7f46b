using Serverless.Diag.Incidents;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.GitHub.Templates;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>Turns an incident and its state into an issue (title, body, labels, assignees), built-in or from the repository's template.</summary>
internal sealed class IncidentDocuments(IncidentContext context, IReadOnlyList<string> configuredLabels)
{
    public IncidentContext Context => context;

    public IssueDraft Draft(FailingIncident incident, IncidentState state, DateTimeOffset now, IssueTemplate? template, IReadOnlyList<string>? existingLabels = null)
    {
        var builtInTitle = SectionRenderer.Title(incident, state.Severity, context);
        var values = Values(incident, state.Severity, builtInTitle);
        var status = StatusRenderer.Render(incident.Fingerprint, state, IncidentPhase.Investigating, now, NextSteps(incident), context);
        var body = BodyComposer.Compose(
            incident.Fingerprint,
            budget =>
            {
                var sections = SectionRenderer.Render(incident, context, budget);
                return template is null ? sections.ToMarkdown() : TemplateFiller.Body(template, sections, values);
            },
            status,
            state);
        var title = template is null ? builtInTitle : TemplateFiller.Title(template, builtInTitle, values);
        return new IssueDraft(title, body, Labels(incident.Environment, state.Severity, template, existingLabels), template?.Assignees ?? []);
    }

    public string StatusOnly(string existingBody, string fingerprint, IncidentState state, IncidentPhase phase, DateTimeOffset now) =>
        BodyComposer.ReplaceStatus(existingBody, fingerprint, StatusRenderer.Render(fingerprint, state, phase, now, [], context), state);

    /// <summary>Configured labels, the template's, severity and environment; labels people added by hand are kept.</summary>
    public IReadOnlyList<string> Labels(string environment, Severity severity, IssueTemplate? template, IReadOnlyList<string>? existing)
    {
        var labels = new List<string>();
        labels.AddRange(existing?.Where(l => !l.StartsWith("severity:", StringComparison.Ordinal)) ?? []);
        labels.AddRange(configuredLabels);
        labels.AddRange(template?.Labels ?? []);
        labels.Add($"severity:{severity}");
        labels.Add($"env:{environment}");
        return [.. labels.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    public static IReadOnlyList<string> NextSteps(FailingIncident incident) =>
        incident.Check is { } check
            ? [.. (check.Diagnosis?.ProbableCause?.NextSteps ?? []).Concat(check.Hints).Distinct(StringComparer.Ordinal).Take(5)]
            : ["Look for the shared cause first: network, DNS, a database or a deployment."];

    private Dictionary<string, string> Values(FailingIncident incident, Severity severity, string title) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["title"] = title,
        ["environment"] = incident.Environment,
        ["check"] = incident.CheckName,
        ["severity"] = severity.ToString(),
        ["headline"] = context.Safe(MarkdownText.OneLine(incident.Check?.Headline ?? $"{incident.Related.Count} checks failing"), 300),
        ["version"] = context.Version,
        ["command"] = SectionRenderer.ReproduceCommand(incident, context),
    };
}
