using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Reads YAML into <see cref="ConfigNode"/>s with positions. The event parser is used rather than
/// YamlDotNet's representation model because the latter throws on a duplicate key instead of letting
/// us report it with its position alongside every other problem.
/// </summary>
internal sealed class YamlTreeReader
{
    private readonly string _file;
    private readonly ConfigDiagnostics _diagnostics;
    private readonly Dictionary<string, ConfigNode> _anchors = new(StringComparer.Ordinal);

    private YamlTreeReader(string file, ConfigDiagnostics diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Returns the document's root, or null (with diagnostics) when the text is not YAML.</summary>
    public static ConfigNode? Read(string text, string file, ConfigDiagnostics diagnostics)
    {
        var reader = new YamlTreeReader(file, diagnostics);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            return reader.ReadNode(parser);
        }
        catch (YamlException e)
        {
            diagnostics.Add(reader.MarkOf(e.Start), $"invalid YAML: {TrimYamlMessage(e.Message)}");
            return null;
        }
    }

    private ConfigNode ReadNode(IParser parser)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
            return Remember(scalar.Anchor, new ConfigScalar(scalar.Value, MarkOf(scalar.Start), quoted));
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (_anchors.TryGetValue(alias.Value.Value, out var node))
            {
                return node;
            }

            _diagnostics.Add(MarkOf(alias.Start), $"unknown YAML alias '*{alias.Value.Value}'");
            return new ConfigScalar(string.Empty, MarkOf(alias.Start));
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<ConfigNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser));
            }

            return Remember(sequenceStart.Anchor, new ConfigSequence(items, MarkOf(sequenceStart.Start)));
        }

        var mappingStart = parser.Consume<MappingStart>();
        var entries = new List<KeyValuePair<ConfigScalar, ConfigNode>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser);
            var value = ReadNode(parser);
            if (keyNode is not ConfigScalar key)
            {
                _diagnostics.Add(keyNode, "a mapping key must be a plain name");
                continue;
            }

            if (key.Value == "<<" && value is ConfigMapping merged)
            {
                // YAML merge key: entries written here win over the merged ones.
                entries.AddRange(merged.Entries.Where(e => !seen.Contains(e.Key.Value)));
                continue;
            }

            if (!seen.Add(key.Value))
            {
                _diagnostics.Add(key, $"duplicate key '{key.Value}'");
                continue;
            }

            entries.RemoveAll(e => e.Key.Value == key.Value);
            entries.Add(new(key, value));
        }

        return Remember(mappingStart.Anchor, new ConfigMapping(entries, MarkOf(mappingStart.Start)));
    }

    private ConfigNode Remember(AnchorName anchor, ConfigNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private SourceMark MarkOf(Mark mark) => new(_file, (int)mark.Line, (int)mark.Column);

    private static string TrimYamlMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already ours.
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return index >= 0 ? message[(index + 3)..] : message;
    }
}
