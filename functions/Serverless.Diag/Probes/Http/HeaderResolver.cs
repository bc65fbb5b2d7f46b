namespace Serverless.Diag.Probes.Http;

/// <summary>Resolves <c>headers.content-type</c> (any case) over the response and content headers.</summary>
internal sealed class HeaderResolver
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public HeaderResolver(HttpResponseMessage response)
    {
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            _headers[name] = string.Join(", ", values);
        }
    }

    public MeasurementLookup Resolve(string path)
    {
        if (path == "headers")
        {
            return MeasurementLookup.Of(_headers.Keys.Select(k => (object?)k.ToLowerInvariant()).ToList());
        }

        var name = path["headers.".Length..];
        return _headers.TryGetValue(name, out var value)
            ? MeasurementLookup.Of(value)
            : MeasurementLookup.Missing($"the response has no '{name}' header");
    }
}
