using System.Globalization;
using System.Text.Json;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// Resolves <c>json</c>, <c>json.status</c>, <c>json.items[0].id</c>, <c>json["a.b"]</c>, <c>json.items[-1]</c>
/// over the response body, parsed once and only when an assertion asks.
/// </summary>
internal sealed class JsonPathResolver
{
    private readonly Lazy<(JsonElement? Root, string? Problem)> _document;
    private readonly string _prefix;

    public JsonPathResolver(string prefix, byte[]? body, string? unavailableReason)
    {
        _prefix = prefix;
        _document = new(() => Parse(body, unavailableReason));
    }

    public MeasurementLookup Resolve(string path)
    {
        var (root, problem) = _document.Value;
        if (root is not { } element)
        {
            return MeasurementLookup.Missing(problem!);
        }

        var rest = path.AsSpan(_prefix.Length);
        var walked = _prefix;
        while (!rest.IsEmpty)
        {
            if (!TryStep(ref rest, out var name, out var index, out var syntax))
            {
                return MeasurementLookup.Missing($"'{path}' is not a JSON path: {syntax}");
            }

            if (name is not null)
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return MeasurementLookup.Missing($"'{walked}' is {Describe(element)}, not an object");
                }

                if (!element.TryGetProperty(name, out var child))
                {
                    return MeasurementLookup.Missing($"'{walked}' has no property '{name}'");
                }

                element = child;
                walked += "." + name;
            }
            else
            {
                if (element.ValueKind != JsonValueKind.Array)
                {
                    return MeasurementLookup.Missing($"'{walked}' is {Describe(element)}, not an array");
                }

                var length = element.GetArrayLength();
                var i = index < 0 ? length + index : index;
                if (i < 0 || i >= length)
                {
                    return MeasurementLookup.Missing($"'{walked}' has {length} element(s), no [{index}]");
                }

                element = element[i];
                walked += $"[{index}]";
            }
        }

        return MeasurementLookup.Of(Convert(element, nested: false));
    }

    private static (JsonElement?, string?) Parse(byte[]? body, string? unavailableReason)
    {
        if (body is null)
        {
            return (null, unavailableReason ?? "the body was not read");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, $"body is not JSON: {e.Message}");
        }
    }

    private static bool TryStep(ref ReadOnlySpan<char> rest, out string? name, out int index, out string problem)
    {
        name = null;
        index = 0;
        problem = string.Empty;
        if (rest[0] == '.')
        {
            var end = rest[1..].IndexOfAny('.', '[');
            var segment = end < 0 ? rest[1..] : rest.Slice(1, end);
            if (segment.IsEmpty)
            {
                problem = "empty property name";
                return false;
            }

            name = segment.ToString();
            rest = rest[(1 + segment.Length)..];
            return true;
        }

        if (rest[0] == '[')
        {
            var close = rest.IndexOf(']');
            if (close < 0)
            {
                problem = "missing ']'";
                return false;
            }

            var inside = rest[1..close].Trim();
            rest = rest[(close + 1)..];
            if (inside.Length >= 2 && inside[0] is '"' or '\'' && inside[^1] == inside[0])
            {
                name = inside[1..^1].ToString();
                return true;
            }

            if (int.TryParse(inside, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
            {
                return true;
            }

            problem = $"'[{inside}]' is neither an index nor a quoted name";
            return false;
        }

        problem = $"unexpected '{rest[0]}'";
        return false;
    }

    private static object? Convert(JsonElement element, bool nested) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array when !nested => element.EnumerateArray().Select(e => Convert(e, nested: true)).ToList(),
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "an object",
    };
}
