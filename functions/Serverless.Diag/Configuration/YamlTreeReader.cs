using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Reads YAML into <see cref="ConfigNode"/>s with positions. The event parser is used rather than
/// YamlDotNet's representation model because the latter throws on a duplicate key instead of letting
/// us report it with its position alongside every other problem.
/// </summary>
/// <remarks>
/// Hostile input is bounded here, where it is cheapest: nesting deeper than <see cref="ConfigLimits.MaxDepth"/>
/// is refused before it can exhaust the stack of this reader or of any later walk, and every alias is
/// charged its expanded size, so a "billion laughs" document is refused at the alias that crosses
/// <see cref="ConfigLimits.MaxExpandedSize"/> although the tree built here shares the aliased nodes.
/// </remarks>
internal sealed class YamlTreeReader
{
    private readonly string _file;
    private readonly ConfigDiagnostics _diagnostics;
    private readonly Dictionary<string, (ConfigNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private int _aliasUses;
    private Mark _lastMark = Mark.Empty;

    private YamlTreeReader(string file, ConfigDiagnostics diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Returns the document's root, or null (with diagnostics) when the text is not YAML or breaks a limit.</summary>
    public static ConfigNode? Read(string text, string file, ConfigDiagnostics diagnostics)
    {
        var reader = new YamlTreeReader(file, diagnostics);
        var parser = new Parser(new StringReader(text));
        try
        {
            reader.Next<StreamStart>(parser);
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            reader.Next<DocumentStart>(parser);
            var root = reader.ReadNode(parser, depth: 1, out _);
            reader.Next<DocumentEnd>(parser);
            if (!parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(reader.MarkOf(parser.Current?.Start ?? reader._lastMark), "the config must be a single YAML document (found a second one)");
            }

            return root;
        }
        catch (YamlException e)
        {
            diagnostics.Add(reader.MarkOf(e.Start), $"invalid YAML: {TrimYamlMessage(e.Message)}");
            return null;
        }
        catch (LimitExceeded e)
        {
            diagnostics.Add(e.Mark, e.Message);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // The parser's own invariants can break on byte-level garbage; it is still the user's file that is wrong.
            diagnostics.Add(reader.MarkOf(parser.Current?.Start ?? reader._lastMark), $"invalid YAML: {TrimYamlMessage(e.Message)}");
            return null;
        }
    }

    private T Next<T>(IParser parser)
        where T : ParsingEvent
    {
        var next = parser.Consume<T>();
        _lastMark = next.Start;
        return next;
    }

    private ConfigNode ReadNode(IParser parser, int depth, out long size)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            _lastMark = scalar.Start;
            var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
            size = 1 + scalar.Value.Length;
            return Remember(scalar.Anchor, new ConfigScalar(scalar.Value, MarkOf(scalar.Start), quoted), size);
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            _lastMark = alias.Start;
            return Alias(alias, out size);
        }

        var start = parser.Current?.Start ?? _lastMark;
        if (depth > ConfigLimits.MaxDepth)
        {
            throw new LimitExceeded(MarkOf(start), $"the config nests deeper than {ConfigLimits.MaxDepth} levels (the limit)");
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            _lastMark = sequenceStart.Start;
            var items = new List<ConfigNode>();
            size = 1;
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, depth + 1, out var itemSize));
                size = Charge(size, itemSize, start);
            }

            return Remember(sequenceStart.Anchor, new ConfigSequence(items, MarkOf(sequenceStart.Start)), size);
        }

        var mappingStart = Next<MappingStart>(parser);
        var mapping = new MappingBuilder(_diagnostics);
        size = 1;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, depth + 1, out var keySize);
            var value = ReadNode(parser, depth + 1, out var valueSize);
            size = Charge(Charge(size, keySize, start), valueSize, start);
            mapping.Add(keyNode, value);
        }

        return Remember(mappingStart.Anchor, new ConfigMapping(mapping.Entries, MarkOf(mappingStart.Start)), size);
    }

    private ConfigNode Alias(AnchorAlias alias, out long size)
    {
        var at = MarkOf(alias.Start);
        if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
        {
            _diagnostics.Add(at, $"unknown YAML alias '*{alias.Value.Value}'");
            size = 1;
            return new ConfigScalar(string.Empty, at);
        }

        if (++_aliasUses > ConfigLimits.MaxAliasUses)
        {
            throw new LimitExceeded(at, $"the config uses YAML aliases more than {ConfigLimits.MaxAliasUses:N0} times (the limit)");
        }

        size = anchored.Size;
        return anchored.Node;
    }

    private long Charge(long total, long more, Mark at)
    {
        // Both are at most the limit, so the sum cannot overflow.
        total += more;
        if (total > ConfigLimits.MaxExpandedSize)
        {
            throw new LimitExceeded(
                MarkOf(at),
                $"the config expands to more than {ConfigLimits.MaxExpandedSize:N0} nodes and characters through YAML aliases (the limit)");
        }

        return total;
    }

    private ConfigNode Remember(AnchorName anchor, ConfigNode node, long size)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = (node, size);
        }

        return node;
    }

    private SourceMark MarkOf(Mark mark) => new(_file, (int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    private static string TrimYamlMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the position is already ours.
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return index >= 0 ? message[(index + 3)..] : message;
    }

    /// <summary>A limit was crossed: reading stops, since the rest of such a file is not worth reading.</summary>
    private sealed class LimitExceeded(SourceMark mark, string message) : Exception(message)
    {
        public SourceMark Mark { get; } = mark;
    }
}
