using System.Globalization;
using System.Text.Json;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// Resolves <c>json</c>, <c>json.status</c>, <c>json.items[0].id</c>, <c>json["a.b"]</c>, <c>json.items[-1]</c>
/// over the response body, parsed once and only when an assertion asks.
/// </summary>
internal sealed class JsonPathResolver
{
    private readonly string _prefix;
    private readonly byte[]? _body;
    private readonly string? _unavailableReason;
    private (JsonElement? Root, string? Problem)? _document;

    public JsonPathResolver(string prefix, byte[]? body, string? unavailableReason)
    {
        _prefix = prefix;
        _body = body;
        _unavailableReason = unavailableReason;
    }

    public MeasurementLookup Resolve(string path)
    {
        // A check's assertions are evaluated one after another, so parsing once needs no lock.
        var (root, problem) = _document ??= Parse(_body, _unavailableReason);
        if (root is not { } element)
        {
            return MeasurementLookup.Missing(problem!);
        }

        var rest = path.AsSpan(_prefix.Length);
        while (!rest.IsEmpty)
        {
            // The path walked so far, as written; only error messages need it as a string.
            var walked = path.Length - rest.Length;
            if (!TryStep(ref rest, out var name, out var index, out var syntax))
            {
                return MeasurementLookup.Missing($"'{path}' is not a JSON path: {syntax}");
            }

            if (name is not null)
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return MeasurementLookup.Missing($"'{path[..walked]}' is {Describe(element)}, not an object");
                }

                if (!element.TryGetProperty(name, out var child))
                {
                    return MeasurementLookup.Missing($"'{path[..walked]}' has no property '{name}'");
                }

                element = child;
            }
            else
            {
                if (element.ValueKind != JsonValueKind.Array)
                {
                    return MeasurementLookup.Missing($"'{path[..walked]}' is {Describe(element)}, not an array");
                }

                var length = element.GetArrayLength();
                var i = index < 0 ? length + index : index;
                if (i < 0 || i >= length)
                {
                    return MeasurementLookup.Missing($"'{path[..walked]}' has {length} element(s), no [{index}]");
                }

                element = element[i];
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
            // ParseValue builds a document of exact-size arrays that needs no Dispose (JsonDocument.Parse rents
            // pooled buffers and must be cloned to outlive them). Read() after it refuses trailing garbage as Parse does.
            var reader = new Utf8JsonReader(body);
            var root = JsonElement.ParseValue(ref reader);
            reader.Read();
            return (root, null);
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
