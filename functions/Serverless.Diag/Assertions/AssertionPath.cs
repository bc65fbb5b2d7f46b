using System.Globalization;
using System.Text;

namespace Serverless.Diag.Assertions;

/// <summary>One step of a path: a name (<c>items</c>, <c>500</c>, <c>"odd key"</c>) or a list index (<c>[0]</c>, <c>[-1]</c> the last).</summary>
public sealed record PathSegment(string? Name, int? Index)
{
    public static PathSegment Named(string name) => new(name, null);

    public static PathSegment At(int index) => new(null, index);

    public override string ToString() => Index is { } i ? $"[{i}]" : Name!;
}

/// <summary>
/// The path on the left of an assertion: dotted names (letters, digits, <c>_</c>, <c>-</c>) with optional
/// indexers <c>[0]</c>, <c>[-1]</c> (counted from the end) or <c>["odd key"]</c>. Paths are kept in a canonical text form (quoted keys in
/// double quotes) so that <see cref="Probes.Measurements"/> can look them up by string.
/// </summary>
public static class AssertionPath
{
    /// <summary>Splits a path such as <c>json.items[0]["odd key"]</c> into its segments; for resolvers under a prefix.</summary>
    public static bool TryParse(string path, out IReadOnlyList<PathSegment> segments)
    {
        try
        {
            var end = Scan(path, 0, out _, out var list);
            segments = end == path.Length ? list : [];
            return end == path.Length;
        }
        catch (AssertionSyntaxException)
        {
            segments = [];
            return false;
        }
    }

    /// <summary>
    /// The one key below <paramref name="prefix"/> for resolvers of flat names (headers, a row's columns):
    /// <c>headers.x.y</c> gives <c>x.y</c> as written, <c>headers["odd]key"]</c> the quoted key unescaped. Null otherwise.
    /// </summary>
    public static string? SingleKeyAfter(string path, string prefix)
    {
        if (path.Length <= prefix.Length + 1 || !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        return path[prefix.Length] switch
        {
            '.' => path[(prefix.Length + 1)..],
            '[' when TryParse(path, out var segments) && segments is [_, { Name: { } key }] => key,
            _ => null,
        };
    }

    internal static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-';

    /// <summary>Reads a path starting at <paramref name="start"/>; returns the index after it.</summary>
    internal static int Scan(string text, int start, out string canonical, out List<PathSegment> segments)
    {
        segments = [];
        var builder = new StringBuilder();
        if (start >= text.Length || !(char.IsLetter(text[start]) || text[start] == '_'))
        {
            throw new AssertionSyntaxException(start, "expected a path such as 'status' or 'json.items[0].id'");
        }

        var i = ReadName(text, start, builder, segments);
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                if (i + 1 >= text.Length || !IsNameChar(text[i + 1]))
                {
                    throw new AssertionSyntaxException(i + 1, "expected a name after '.' in the path");
                }

                builder.Append('.');
                i = ReadName(text, i + 1, builder, segments);
            }
            else if (text[i] == '[')
            {
                i = ReadIndexer(text, i, builder, segments);
            }
            else
            {
                break;
            }
        }

        canonical = builder.ToString();
        return i;
    }

    private static int ReadName(string text, int start, StringBuilder builder, List<PathSegment> segments)
    {
        var i = start;
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }

        var name = text[start..i];
        builder.Append(name);
        segments.Add(PathSegment.Named(name));
        return i;
    }

    private static int ReadIndexer(string text, int open, StringBuilder builder, List<PathSegment> segments)
    {
        var i = open + 1;
        if (i < text.Length && QuotedString.IsQuote(text[i]))
        {
            i = QuotedString.Read(text, i, out var key);
            builder.Append('[').Append(QuotedString.Quote(key)).Append(']');
            segments.Add(PathSegment.Named(key));
        }
        else
        {
            var sign = i < text.Length && text[i] == '-' ? 1 : 0;
            i += sign;
            var digits = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == digits)
            {
                throw new AssertionSyntaxException(digits, "an indexer takes a number or a quoted key, e.g. [0], [-1] or [\"odd key\"]");
            }

            if (!int.TryParse(text.AsSpan(digits - sign, i - digits + sign), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
            {
                throw new AssertionSyntaxException(digits, "index is too large");
            }

            builder.Append('[').Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            segments.Add(PathSegment.At(index));
        }

        if (i >= text.Length || text[i] != ']')
        {
            throw new AssertionSyntaxException(open, "unterminated indexer (expected ']')");
        }

        return i + 1;
    }
}
