using Serverless.Diag.Assertions;

namespace Serverless.Diag.Probes.Http;

/// <summary>Resolves <c>headers.content-type</c> (any case) over the response and content headers.</summary>
internal sealed class HeaderResolver(IReadOnlyList<KeyValuePair<string, string>> headers)
{
    private Dictionary<string, string>? _byName;

    /// <summary>The response and content headers as received (not parsed: cheap, and what the server sent).</summary>
    public static List<KeyValuePair<string, string>> Snapshot(HttpResponseMessage response)
    {
        var list = new List<KeyValuePair<string, string>>(response.Headers.NonValidated.Count + response.Content.Headers.NonValidated.Count);
        foreach (var (name, values) in response.Headers.NonValidated)
        {
            list.Add(new(name, values.ToString()));
        }

        foreach (var (name, values) in response.Content.Headers.NonValidated)
        {
            list.Add(new(name, values.ToString()));
        }

        return list;
    }

    public MeasurementLookup Resolve(string path)
    {
        var byName = _byName ??= headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        if (path == HttpVocabulary.Headers)
        {
            return MeasurementLookup.Of(byName.Keys.Select(k => (object?)k.ToLowerInvariant()).ToList());
        }

        // headers.x-request-id as written, or headers["x-odd.name"] unquoted.
        var name = AssertionPath.SingleKeyAfter(path, HttpVocabulary.Headers) ?? path;
        return byName.TryGetValue(name, out var value)
            ? MeasurementLookup.Of(value)
            : MeasurementLookup.Missing($"the response has no '{name}' header");
    }
}
