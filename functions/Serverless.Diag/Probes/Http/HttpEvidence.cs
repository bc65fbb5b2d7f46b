using System.Text;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Http;

/// <summary>What a human needs to see of a response: the status line, the headers, the first 2 KB of the body — redacted.</summary>
internal static class HttpEvidence
{
    public static void Add(ProbeResult result, HttpResponseMessage response, BoundedBody body, SecretRedactor secrets)
    {
        var head = new StringBuilder();
        head.AppendLine(HttpResultBuilder.FormatStatusLine(response));
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var value = SensitiveHeaders.IsSensitive(name) ? SecretRedactor.Mask : string.Join(", ", values);
            head.Append(name).Append(": ").AppendLine(value);
        }

        if (response.RequestMessage?.RequestUri is { } final)
        {
            head.Append("(final URL: ").Append(final.GetLeftPart(UriPartial.Path)).AppendLine(")");
        }

        result.Evidence.Add(new Evidence("Response status and headers", secrets.Redact(head.ToString().TrimEnd()), "http"));

        if (body.Snippet.Length > 0)
        {
            var text = HttpResultBuilder.Decode(body.Snippet, response);
            var more = body.BytesRead > body.Snippet.Length || !body.Complete ? "\n… (truncated)" : string.Empty;
            var language = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? "json" : "text";
            result.Evidence.Add(new Evidence($"Response body (first {BoundedBody.SnippetSize / 1024} KB)", secrets.Redact(text) + more, language));
        }
    }
}
