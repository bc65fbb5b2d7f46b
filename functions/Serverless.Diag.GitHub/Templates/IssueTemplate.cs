namespace Serverless.Diag.GitHub.Templates;

internal enum TemplateKind
{
    Markdown,
    IssueForm,
}

/// <summary>A repository's issue template: Markdown with front matter, or an issue form (.yml).</summary>
/// <param name="Title">Front matter / form <c>title</c>: a prefix, or a pattern with <c>{{placeholders}}</c>.</param>
/// <param name="Body">Markdown templates: the text after the front matter.</param>
/// <param name="Fields">Issue forms: the labelled inputs, in order (markdown blocks are not part of a filed issue).</param>
internal sealed record IssueTemplate(
    TemplateKind Kind,
    string? Title,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> Assignees,
    string Body,
    IReadOnlyList<FormField> Fields);

internal sealed record FormField(string Type, string Label);
