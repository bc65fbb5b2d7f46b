using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Serverless.Diag.Probes.Flow;

/// <summary>
/// A step's text with <c>${name}</c> references to values captured by earlier steps, filled in at run time. The planner has
/// already expanded the config's own variables and left every other literal <c>${</c> escaped as <c>$${</c>.
/// </summary>
internal sealed class FlowTemplate
{
    private FlowTemplate(string text, IReadOnlyList<(string Name, int Offset)> references)
    {
        Text = text;
        References = references;
    }

    public string Text { get; }

    /// <summary>The captured names this text uses, with their offset in <see cref="Text"/>.</summary>
    public IReadOnlyList<(string Name, int Offset)> References { get; }

    public static FlowTemplate Parse(string text)
    {
        var references = new List<(string, int)>();
        Walk(text, name => references.Add((name.Name, name.Offset)), _ => { });
        return new FlowTemplate(text, references);
    }

    /// <summary>
    /// The text with each reference replaced: as it is (headers, a plain body), JSON-escaped inside a JSON body, or
    /// percent-encoded inside a URL (a token with '#' or '&amp;' must not end the query) unless the reference starts the URL
    /// (a captured Location).
    /// </summary>
    public string Fill(IReadOnlyDictionary<string, string> values, TemplateEncoding encoding = TemplateEncoding.None)
    {
        var output = new StringBuilder(Text.Length);
        Walk(
            Text,
            reference =>
            {
                var value = values[reference.Name];
                output.Append(encoding switch
                {
                    TemplateEncoding.Json => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value,
                    TemplateEncoding.Url when reference.Offset > 0 => Uri.EscapeDataString(value),
                    _ => value,
                });
            },
            literal => output.Append(literal));
        return output.ToString();
    }

    /// <summary>The text as it would be sent with every reference replaced by <paramref name="placeholder"/>, for validating it at load.</summary>
    public string WithPlaceholders(string placeholder) => Fill(References.ToDictionary(r => r.Name, _ => placeholder, StringComparer.Ordinal));

    private static void Walk(string text, Action<(string Name, int Offset)> reference, Action<string> literal)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                literal("${");
                i += 3;
                continue;
            }

            var close = text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{' ? text.IndexOf('}', i + 2) : -1;
            if (close < 0)
            {
                var next = text.IndexOf('$', i + 1);
                var end = next < 0 ? text.Length : next;
                literal(text[i..end]);
                i = end;
                continue;
            }

            reference((text[(i + 2)..close].Trim(), i));
            i = close + 1;
        }
    }
}

/// <summary>How a captured value is written into the text around it.</summary>
internal enum TemplateEncoding
{
    None,
    Json,
    Url,
}
