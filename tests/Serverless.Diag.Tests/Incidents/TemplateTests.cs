using Serverless.Diag.GitHub.Rendering;
using Serverless.Diag.GitHub.Templates;

namespace Serverless.Diag.Tests.Incidents;

public sealed class TemplateTests
{
    private static readonly IncidentSections Sections = new("ENV", "DESC", "STEPS", "EXPECTED", "ACTUAL", "LOGS", "CONTEXT");
    private static readonly Dictionary<string, string> Values = new(StringComparer.OrdinalIgnoreCase) { ["check"] = "db", ["environment"] = "staging", ["severity"] = "P1", ["title"] = "T" };

    [Fact]
    public void Front_matter_gives_title_labels_and_assignees_in_both_spellings()
    {
        var template = IssueTemplateParser.Parse("incident.md", "---\nname: x\ntitle: '[{{severity}}] {{check}}'\nlabels: a, b\nassignees: [alice, bob]\n---\nBody {{check}}\n");

        Assert.Equal(TemplateKind.Markdown, template.Kind);
        Assert.Equal(["a", "b"], template.Labels);
        Assert.Equal(["alice", "bob"], template.Assignees);
        Assert.Equal("[P1] db", TemplateFiller.Title(template, "builtin", Values));
        Assert.StartsWith("Body db\n\n### Environment\n\nENV", TemplateFiller.Body(template, Sections, Values), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_placeholder_places_the_sections()
    {
        var template = IssueTemplateParser.Parse("t.md", "Intro\n{{report}}\nOutro");

        var body = TemplateFiller.Body(template, Sections, Values);

        Assert.StartsWith("Intro\n### Environment", body, StringComparison.Ordinal);
        Assert.EndsWith("Outro", body, StringComparison.Ordinal);
        Assert.Equal("builtin", TemplateFiller.Title(template, "builtin", Values));
    }

    [Fact]
    public void A_plain_title_is_a_prefix()
    {
        var template = IssueTemplateParser.Parse("t.md", "---\ntitle: \"[INCIDENT]\"\n---\n");

        Assert.Equal("[INCIDENT] builtin", TemplateFiller.Title(template, "builtin", Values));
    }

    [Fact]
    public void Issue_form_fields_are_filled_as_GitHub_renders_a_submitted_form()
    {
        var template = IssueTemplateParser.Parse("incident.yml", """
            name: Incident
            title: "[Incident] "
            labels: [incident]
            body:
              - type: markdown
                attributes: { value: "intro" }
              - type: textarea
                attributes: { label: Steps to reproduce }
              - type: input
                attributes: { label: Which check? }
              - type: textarea
                attributes: { label: Anything else? }
            """);

        var body = TemplateFiller.Body(template, Sections, Values);

        Assert.Equal(["Steps to reproduce", "Which check?", "Anything else?"], template.Fields.Select(f => f.Label));
        Assert.StartsWith("### Steps to reproduce\n\nSTEPS\n\n### Which check?\n\ndb\n\n### Anything else?\n\n_No response_\n\n### Report details", body, StringComparison.Ordinal);
        Assert.Contains("#### Actual Result\n\nACTUAL", body, StringComparison.Ordinal);
        Assert.DoesNotContain("#### Steps to Reproduce", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("t.yml", "name: [unclosed")]
    [InlineData("t.yml", "- just\n- a list")]
    [InlineData("t.md", "---\ntitle: x\nno closing fence")]
    public void An_invalid_template_is_a_format_error(string path, string text)
    {
        Assert.Throws<FormatException>(() => IssueTemplateParser.Parse(path, text));
    }
}
