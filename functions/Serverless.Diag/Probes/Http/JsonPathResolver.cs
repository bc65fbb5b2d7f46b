using System.Text;
using System.Text.Json;
using Serverless.Diag.Assertions;

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

        // The path is in the canonical form the parser wrote: read it with the same grammar, so a quoted key
        // holding ] [ " or \ and a negative index mean here what they meant to the parser.
        if (!AssertionPath.TryParse(path, out var segments) || segments.Count == 0 || segments[0].Name != _prefix)
        {
            return MeasurementLookup.Missing($"'{path}' is not a JSON path under '{_prefix}'");
        }

        var walked = new StringBuilder(_prefix);
        for (var s = 1; s < segments.Count; s++)
        {
            var segment = segments[s];
            if (segment.Name is { } name)
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
            }
            else
            {
                var index = segment.Index!.Value;
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
            }

            walked.Append(segment.Name is { } key ? Step(key) : segment.ToString());
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

    // How the walked part of a path is shown in messages: plain names dotted, others quoted in brackets.
    private static string Step(string key) =>
        key.Length > 0 && key.All(AssertionPath.IsNameChar) ? "." + key : "[" + QuotedString.Quote(key) + "]";

    private static object? Convert(JsonElement element, bool nested) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => Number(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array when !nested => element.EnumerateArray().Select(e => Convert(e, nested: true)).ToList(),
        JsonValueKind.Object => new MeasuredObject(element.GetRawText(), element.GetPropertyCount()),
        JsonValueKind.Null => null,
        _ => element.GetRawText(),
    };

    // From 1e15 a double no longer shows every digit the body wrote (ids, counters): keep the text with the value.
    // A number beyond a double's range (1e400) is kept as written, an infinity by its sign.
    private static object Number(JsonElement element)
    {
        if (!element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            var text = element.GetRawText();
            return new MeasuredNumber(text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity, text);
        }

        return Math.Abs(value) >= 1e15 ? new MeasuredNumber(value, element.GetRawText()) : value;
    }

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
