using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.AzureMonitor;

/// <summary>Turns what Azure Monitor and the credential say into error causes a reader can act on.</summary>
internal static class AzureFailures
{
    public static ErrorCause BadQuery { get; } = new("bad_query");

    public static ErrorCause MetricError { get; } = new("metric_error");

    public static ErrorCause NotFound { get; } = new("not_found");

    public static ErrorCause Throttled { get; } = new("throttled");

    /// <summary>An error status after the retry policy gave up.</summary>
    public static ProbeResult FromStatus(int status, string body, string what, ProbeContext context)
    {
        var detail = context.Secrets.Redact(ErrorMessage(body, context.Secrets) ?? "no error message");
        var (cause, message, hint) = status switch
        {
            400 => (BadQuery, $"{what} rejected the request (HTTP 400): {detail}", "Check the query or the metric name in the Azure portal; a syntax error names the position."),
            401 => (ErrorCause.Auth, $"{what} refused the token (HTTP 401): {detail}", "The identity's token was not accepted: check the audience (sovereign clouds) and that the identity exists in this tenant."),
            403 => (ErrorCause.Auth, $"{what} denied access (HTTP 403): {detail}", "Grant the identity 'Log Analytics Reader' on the workspace or 'Monitoring Reader' on the resource."),
            404 => (NotFound, $"{what} does not know this workspace or resource (HTTP 404): {detail}", "Check the workspace id or resource id."),
            429 => (Throttled, $"{what} throttled the request (HTTP 429): {detail}", "Too many queries: lower the check frequency."),
            504 or 408 => (ErrorCause.Timeout, $"{what} did not finish the query in time (HTTP {status}): {detail}", "Narrow the timespan or simplify the query."),
            >= 500 => (ErrorCause.Unavailable, $"{what} failed (HTTP {status}): {detail}", "Azure Monitor is having trouble; see the Azure status page."),
            _ => (ErrorCause.Protocol, $"{what} answered HTTP {status}: {detail}", null),
        };
        var result = ProbeResult.Failed(cause, message);
        if (hint is not null)
        {
            result.Hints.Add(hint);
        }

        return result;
    }

    public static ProbeResult FromException(Exception exception, string what, ProbeContext context, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(ErrorCause.Timeout, $"{what}: no answer within {Units.FormatDuration(context.Timeout)}");
        }

        var message = context.Secrets.Redact($"{what}: {exception.Message}");
        return exception switch
        {
            CredentialUnavailableException or AuthenticationFailedException =>
                ProbeResult.Failed(ErrorCause.Auth, message).WithHint("No Azure credential could get a token: in Functions enable the managed identity; locally run 'az login' or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET."),
            OperationCanceledException => ProbeResult.Failed(ErrorCause.Timeout, message),
            RequestFailedException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } } => ProbeResult.Failed(ErrorCause.Dns, message),
            RequestFailedException { InnerException: HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } } => ProbeResult.Failed(ErrorCause.Refused, message),
            RequestFailedException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } } => ProbeResult.Failed(ErrorCause.Tls, message),
            _ => ProbeResult.Failed(ErrorCause.Network, message),
        };
    }

    /// <summary>
    /// The message of an Azure error body: <c>{"error":{"message","innererror":{...}}}</c> (Logs),
    /// <c>{"code","message"}</c> (ARM). Inner errors are appended, as they carry the useful part ("Syntax Error").
    /// </summary>
    public static string? ErrorMessage(string body, Secrets.SecretRedactor secrets)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
            return Describe(error);
        }
        catch (JsonException)
        {
            return string.IsNullOrWhiteSpace(body) ? null : secrets.Excerpt(body.Trim(), 300);
        }
    }

    internal static string? Describe(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = new List<string>();
        for (var current = error; current.ValueKind == JsonValueKind.Object; current = current.TryGetProperty("innererror", out var inner) ? inner : default)
        {
            var code = Text(current, "code");
            var message = Text(current, "message");
            if (code is not null || message is not null)
            {
                parts.Add(code is null ? message! : message is null ? code : $"{code}: {message}");
            }
        }

        return parts.Count == 0 ? null : string.Join(" / ", parts);
    }

    internal static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
