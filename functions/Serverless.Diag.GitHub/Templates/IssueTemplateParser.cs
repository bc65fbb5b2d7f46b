using YamlDotNet.RepresentationModel;

namespace Serverless.Diag.GitHub.Templates;

/// <summary>Reads GitHub issue templates as GitHub does: front matter keys title/labels/assignees, or an issue form's body fields.</summary>
internal static class IssueTemplateParser
{
    /// <summary>Templates are small; a huge file is cut rather than allowed to crowd out the report.</summary>
    private const int MaxTemplate = 20_000;

    /// <exception cref="FormatException">The template is not valid YAML / front matter.</exception>
    public static IssueTemplate Parse(string path, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (text.Length > MaxTemplate)
        {
            text = text[..MaxTemplate];
        }

        var isForm = path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
        return isForm ? ParseForm(text) : ParseMarkdown(text);
    }

    private static IssueTemplate ParseMarkdown(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            return new IssueTemplate(TemplateKind.Markdown, null, [], [], text, []);
        }

        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new FormatException("front matter is not closed by '---'");
        }

        var root = LoadMapping(text[4..end]);
        var bodyStart = text.IndexOf('\n', end + 4);
        var body = bodyStart < 0 ? string.Empty : text[(bodyStart + 1)..];
        return new IssueTemplate(TemplateKind.Markdown, Scalar(root, "title"), List(root, "labels"), List(root, "assignees"), body.Trim('\n'), []);
    }

    private static IssueTemplate ParseForm(string text)
    {
        var root = LoadMapping(text);
        var fields = new List<FormField>();
        if (root.Children.TryGetValue(new YamlScalarNode("body"), out var bodyNode) && bodyNode is YamlSequenceNode items)
        {
            foreach (var item in items.OfType<YamlMappingNode>())
            {
                var type = Scalar(item, "type") ?? "textarea";
                if (type == "markdown")
                {
                    continue;
                }

                var label = item.Children.TryGetValue(new YamlScalarNode("attributes"), out var attributes) && attributes is YamlMappingNode map
                    ? Scalar(map, "label")
                    : null;
                if (!string.IsNullOrWhiteSpace(label))
                {
                    fields.Add(new FormField(type, label.Trim()));
                }
            }
        }

        return new IssueTemplate(TemplateKind.IssueForm, Scalar(root, "title"), List(root, "labels"), List(root, "assignees"), string.Empty, fields);
    }

    private static YamlMappingNode LoadMapping(string yaml)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw new FormatException("the template is not a YAML mapping");
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            // YamlDotNet reports some malformed input as InvalidOperationException rather than YamlException.
            throw new FormatException($"invalid YAML: {ex.Message}", ex);
        }
    }

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;

    /// <summary>GitHub accepts both <c>labels: [a, b]</c> and <c>labels: a, b</c>.</summary>
    private static IReadOnlyList<string> List(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node))
        {
            return [];
        }

        IEnumerable<string?> values = node switch
        {
            YamlSequenceNode sequence => sequence.OfType<YamlScalarNode>().Select(s => s.Value),
            YamlScalarNode scalar => (scalar.Value ?? string.Empty).Split(','),
            _ => [],
        };
        return [.. values.Select(v => v?.Trim() ?? string.Empty).Where(v => v.Length > 0)];
    }
}
