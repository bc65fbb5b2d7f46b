using System.Text;
using System.Text.Json;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Probes.Metrics;

namespace Serverless.Diag.Probes.Prometheus;

/// <summary>Calls the Prometheus HTTP API once and turns its JSON envelope into measurements.</summary>
internal sealed class PrometheusProbe(PrometheusSettings settings, HttpMessageHandler handler) : IProbe
{
    public PrometheusSettings Settings => settings;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var what = $"Prometheus at {context.Secrets.Redact(settings.Url.ToString())}";
        try
        {
            var (sent, hops) = await ObservabilityHttp.SendAsync(handler, BuildRequest(), context.Secrets, cancellationToken);
            using var response = sent;
            var body = await ObservabilityHttp.ReadBodyAsync(response, cancellationToken);
            if (body is null)
            {
                return ProbeResult.Failed(ErrorCause.BodyTooLarge, $"{what}: the answer is larger than {ObservabilityHttp.MaxBodyBytes / (1024 * 1024)} MB");
            }

            // Prometheus answers its errors (400, 422, 503) in the JSON envelope too; anything else is a proxy, a login page...
            if (!TryParse(body, out var envelope))
            {
                return ObservabilityHttp.WithRedirects(
                    response.IsSuccessStatusCode
                        ? WithBody(ProbeResult.Failed(ErrorCause.NotJson, $"{what} answered HTTP {(int)response.StatusCode} without the API's JSON envelope"), body, context)
                        : ObservabilityHttp.StatusFailure(response.StatusCode, what, body, context),
                    hops,
                    context.Secrets);
            }

            using (envelope)
            {
                var root = envelope.RootElement;
                if (Text(root, "status") != "success")
                {
                    return ApiError(root, (int)response.StatusCode, what, context);
                }

                var data = root.TryGetProperty("data", out var d) ? d : default;
                return settings.Mode == PrometheusMode.Targets
                    ? TargetsReader.Read(data, settings.Job, context)
                    : QueryResultReader.Read(data, settings.Query!, context);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return ObservabilityHttp.Failure(e, what, context, cancellationToken);
        }
    }

    private OutgoingRequest BuildRequest()
    {
        KeyValuePair<string, string>[] accept = [new("Accept", "application/json")];

        // POST with a form body: a long query never hits a URL length limit (the API accepts both).
        return settings.Mode == PrometheusMode.Targets
            ? new OutgoingRequest(settings.Api("api/v1/targets?state=active"), HttpMethod.Get, accept) { Credential = settings.Authorization }
            : new OutgoingRequest(settings.Api("api/v1/query"), HttpMethod.Post, accept)
            {
                Credential = settings.Authorization,
                Body = Encoding.ASCII.GetBytes("query=" + Uri.EscapeDataString(settings.Query!)),
                ContentType = "application/x-www-form-urlencoded",
            };
    }

    private static ProbeResult ApiError(JsonElement root, int status, string what, ProbeContext context)
    {
        var errorType = Text(root, "errorType") ?? "unknown";
        var message = context.Secrets.Redact(Text(root, "error") ?? "no message");
        var cause = errorType switch
        {
            "bad_data" => new ErrorCause("bad_query"),
            "timeout" or "canceled" => ErrorCause.Timeout,
            "unavailable" => ErrorCause.Unavailable,
            _ when status is 401 or 403 => ErrorCause.Auth,
            _ => ErrorCause.Protocol,
        };
        return ProbeResult.Failed(cause, $"{what} refused the request (HTTP {status}, {errorType}): {message}");
    }

    private static ProbeResult WithBody(ProbeResult result, string body, ProbeContext context)
    {
        result.Evidence.Add(new Evidence("Response body (first 2 KB)", context.Secrets.Excerpt(body, 2048)));
        return result;
    }

    private static bool TryParse(string body, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        document = null!;
        return false;
    }

    internal static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
