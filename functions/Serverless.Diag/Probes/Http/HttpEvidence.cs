using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Http;

/// <summary>What a human needs to see of a response: the status line, the headers, the first 2 KB of the body, the timing — redacted.</summary>
internal static class HttpEvidence
{
    /// <summary>
    /// Defers the evidence until a report asks for it (only checks that did not pass show evidence). Captures
    /// plain values now, because the response is disposed when the probe returns.
    /// </summary>
    public static void Defer(ProbeResult result, HttpExchange exchange, IReadOnlyList<KeyValuePair<string, string>> headers, Uri requested, SecretRedactor secrets)
    {
        var (response, body, timings, ttfb, latency, _) = exchange;
        var version = response.Version;
        var status = response.StatusCode;
        var reason = response.ReasonPhrase;
        var final = response.RequestMessage?.RequestUri;
        var redirects = exchange.Redirects;
        result.DeferEvidence(() =>
        [
            .. Build(new ResponseFacts(version, status, reason, final, headers, redirects), body, requested, secrets),
            new Evidence("Timing (the guide's curl -w breakdown)", HttpResultBuilder.TimingBreakdown(timings, ttfb, latency)),
        ]);
    }

    private static IEnumerable<Evidence> Build(ResponseFacts response, BoundedBody body, Uri requested, SecretRedactor secrets)
    {
        var head = new StringBuilder();
        head.AppendLine(HttpResultBuilder.FormatStatusLine(response.Version, response.Status, response.Reason));
        foreach (var (name, raw) in response.Headers)
        {
            var value = SensitiveHeaders.IsSensitive(name) ? SecretRedactor.Mask : raw;
            head.Append(name).Append(": ").AppendLine(value);
        }

        foreach (var hop in response.Redirects)
        {
            head.Append("redirect: ").AppendLine(hop.Describe());
        }

        if (response.FinalUri is { } final && final != requested)
        {
            // Without the query: it may carry a token.
            head.Append("(redirected to ").Append(final.GetLeftPart(UriPartial.Path)).AppendLine(")");
        }

        yield return new Evidence("Response status and headers", secrets.Redact(head.ToString().TrimEnd()), "http");

        if (body.Snippet.Length > 0)
        {
            var contentType = response.ContentType;
            var text = HttpResultBuilder.Decode(body.Snippet, contentType?.CharSet);
            // Redacted as the cut text it is: a secret the cut ran through leaves its first characters at the end.
            var shown = body.BytesRead > body.Snippet.Length || !body.Complete ? secrets.RedactTruncated(text) + "\n… (truncated)" : secrets.Redact(text);
            var language = contentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? "json" : "text";
            yield return new Evidence($"Response body (first {BoundedBody.SnippetSize / 1024} KB)", shown, language);
        }
    }

    private sealed record ResponseFacts(Version Version, HttpStatusCode Status, string? Reason, Uri? FinalUri, IReadOnlyList<KeyValuePair<string, string>> Headers, IReadOnlyList<RedirectHop> Redirects)
    {
        public MediaTypeHeaderValue? ContentType =>
            Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value is { } raw
            && MediaTypeHeaderValue.TryParse(raw, out var parsed) ? parsed : null;
    }
}
