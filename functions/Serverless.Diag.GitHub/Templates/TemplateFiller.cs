using Serverless.Diag.Incidents;
using Serverless.Diag.Sinks.Markdown;
using System.Text;
using Serverless.Diag.GitHub.Rendering;

namespace Serverless.Diag.GitHub.Templates;

/// <summary>
/// Fills a repository template with the report. Markdown: <c>{{placeholders}}</c> are replaced and the report
/// sections follow unless <c>{{report}}</c> places them. Issue form: each <c>### label</c> section gets the
/// matching report section (as GitHub renders a submitted form); sections no field asked for follow at the end.
/// </summary>
internal static class TemplateFiller
{
    private const string NoResponse = "_No response_";

    public static string Title(IssueTemplate template, string builtInTitle, IReadOnlyDictionary<string, string> values)
    {
        if (string.IsNullOrWhiteSpace(template.Title))
        {
            return builtInTitle;
        }

        var title = template.Title.Contains("{{", StringComparison.Ordinal)
            ? Substitute(template.Title, values)
            : template.Title.TrimEnd() + " " + builtInTitle;
        return title.Length <= 250 ? title : title[..249] + "…";
    }

    public static string Body(IssueTemplate template, IncidentSections sections, IReadOnlyDictionary<string, string> values) =>
        template.Kind == TemplateKind.IssueForm ? FillForm(template, sections, values) : FillMarkdown(template, sections, values);

    private static string FillMarkdown(IssueTemplate template, IncidentSections sections, IReadOnlyDictionary<string, string> values)
    {
        var report = sections.ToMarkdown();
        var withReport = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase) { ["report"] = report };
        var body = Substitute(template.Body, withReport);
        return template.Body.Contains("{{report}}", StringComparison.OrdinalIgnoreCase) ? body : body.TrimEnd() + "\n\n" + report;
    }

    private static string FillForm(IssueTemplate template, IncidentSections sections, IReadOnlyDictionary<string, string> values)
    {
        var builder = new StringBuilder();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var all = sections.All().ToList();
        foreach (var field in template.Fields)
        {
            var content = Match(field.Label, all, values, out var heading);
            if (heading is not null)
            {
                used.Add(heading);
            }

            builder.Append("### ").Append(MarkdownText.Prose(MarkdownText.OneLine(field.Label))).Append("\n\n")
                .Append(string.IsNullOrWhiteSpace(content) ? NoResponse : content.TrimEnd()).Append("\n\n");
        }

        var rest = all.Where(s => !used.Contains(s.Heading)).ToList();
        if (rest.Count > 0)
        {
            builder.Append("### Report details\n\n");
            foreach (var (heading, content) in rest)
            {
                builder.Append("#### ").Append(heading).Append("\n\n").Append(content.TrimEnd()).Append("\n\n");
            }
        }

        return builder.ToString();
    }

    /// <summary>Maps a form label to a report section by the words people use for it.</summary>
    private static string? Match(string label, List<(string Heading, string Content)> sections, IReadOnlyDictionary<string, string> values, out string? heading)
    {
        var text = label.ToLowerInvariant();
        heading = text switch
        {
            _ when text.Contains("reproduce", StringComparison.Ordinal) || text.Contains("steps", StringComparison.Ordinal) => "Steps to Reproduce",
            _ when text.Contains("expected", StringComparison.Ordinal) => "Expected Result",
            _ when text.Contains("actual", StringComparison.Ordinal) => "Actual Result",
            _ when text.Contains("log", StringComparison.Ordinal) || text.Contains("evidence", StringComparison.Ordinal) || text.Contains("screenshot", StringComparison.Ordinal) => "Logs",
            _ when text.Contains("environment", StringComparison.Ordinal) || text.Contains("deployment", StringComparison.Ordinal) => "Environment",
            _ when text.Contains("description", StringComparison.Ordinal) || text.Contains("summary", StringComparison.Ordinal) || text.Contains("what happened", StringComparison.Ordinal) => "Issue Description",
            _ when text.Contains("context", StringComparison.Ordinal) || text.Contains("additional", StringComparison.Ordinal) => "Additional Context",
            _ => null,
        };
        if (heading is not null)
        {
            var wanted = heading;
            return sections.First(s => s.Heading == wanted).Content;
        }

        return text switch
        {
            _ when text.Contains("severity", StringComparison.Ordinal) || text.Contains("priority", StringComparison.Ordinal) => values.GetValueOrDefault("severity"),
            _ when text.Contains("check", StringComparison.Ordinal) => values.GetValueOrDefault("check"),
            _ when text.Contains("version", StringComparison.Ordinal) => values.GetValueOrDefault("version"),
            _ => null,
        };
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values)
        {
            text = text.Replace("{{" + key + "}}", value, StringComparison.OrdinalIgnoreCase)
                .Replace("{{ " + key + " }}", value, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }
}
