using System.Net;
using System.Net.Sockets;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Metrics;

/// <summary>
/// What the metrics and prometheus checks share: one connection pool per check type, optional bearer/basic
/// auth, a bounded body read, and the mapping of transport failures to error causes.
/// </summary>
internal static class ObservabilityHttp
{
    /// <summary>A /metrics page or an API answer larger than this is refused rather than buffered.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    private static readonly string[] Schemes = ["http", "https"];

    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,

        // Redirects are followed by SendAsync, under the http check's rules, never by the handler.
        AllowAutoRedirect = false,
    };

    /// <summary>
    /// Sends as an http check with the default <c>follow_redirects: true</c> does: redirects are followed, but the check's
    /// credentials (and any header or query parameter carrying a secret) are not sent to another origin, and HTTPS is never
    /// followed down to plain HTTP. The response's headers are read; its body is left to <see cref="ReadBodyAsync"/>.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, IReadOnlyList<RedirectHop> Hops)> SendAsync(
        HttpMessageHandler handler, OutgoingRequest request, SecretRedactor secrets, CancellationToken cancellationToken)
    {
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        return await RedirectFollower.SendAsync(invoker, request, RedirectPolicy.Any, secrets, Build, cancellationToken);
    }

    /// <summary>The redirects a failing request met, as evidence: the user sees where the credentials were not sent.</summary>
    public static ProbeResult WithRedirects(ProbeResult result, IReadOnlyList<RedirectHop> hops, SecretRedactor secrets)
    {
        if (hops.Count > 0)
        {
            result.Evidence.Add(new Evidence("Redirects", secrets.Redact(string.Join('\n', hops.Select(h => h.Describe())))));
        }

        return result;
    }

    private static HttpRequestMessage Build(OutgoingRequest outgoing)
    {
        var request = new HttpRequestMessage(outgoing.Method, outgoing.Url);
        foreach (var (name, value) in outgoing.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (outgoing.Credential is { } credential)
        {
            request.Headers.TryAddWithoutValidation(credential.Key, credential.Value);
        }

        if (outgoing.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", outgoing.ContentType);
        }

        return request;
    }

    /// <summary>
    /// <c>auth: {type: bearer|basic|header, ...}</c>, read exactly as the http check reads it (the credential is a secret).
    /// </summary>
    /// <returns>The header, or null for none or when invalid (reported through <paramref name="settings"/>).</returns>
    public static KeyValuePair<string, string>? ReadAuth(CheckSettings settings) => Http.HttpAuthReader.Read(settings);

    /// <summary>Reads an http(s) URL: credentials in it are registered as secrets and taken out (sent as basic auth).</summary>
    public static Uri? ReadUrl(CheckSettings settings, string key, out KeyValuePair<string, string>? basicAuth)
    {
        var url = Kit.TargetUrl.Read(settings, Schemes, out var userInfo, key);
        basicAuth = userInfo is { } credentials ? Http.HttpAuthReader.Basic(settings.Secrets, credentials.User, credentials.Password) : null;
        return url;
    }

    /// <summary>The body as text, or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    public static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static ProbeResult Failure(Exception exception, string what, ProbeContext context, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Failed(ErrorCause.Timeout, $"{what}: no answer within {Units.FormatDuration(context.Timeout)}");
        }

        var message = context.Secrets.Redact($"{what}: {Innermost(exception).Message}");
        if (exception is not HttpRequestException http)
        {
            return ProbeResult.Failed(exception is OperationCanceledException ? ErrorCause.Timeout : ErrorCause.Network, message);
        }

        var cause = http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => ErrorCause.Dns,
            HttpRequestError.SecureConnectionError => ErrorCause.Tls,
            HttpRequestError.ConnectionError when Innermost(http) is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => ErrorCause.Refused,
            HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => ErrorCause.Protocol,
            _ => ErrorCause.Network,
        };
        return ProbeResult.Failed(cause, message);
    }

    /// <summary>Maps a non-success status to a cause: 401/403 auth, 404 not found, 5xx unavailable.</summary>
    public static ProbeResult StatusFailure(HttpStatusCode status, string what, string? body, ProbeContext context)
    {
        var cause = status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ErrorCause.Auth,
            >= HttpStatusCode.InternalServerError => ErrorCause.Unavailable,
            _ => ErrorCause.Protocol,
        };
        var result = ProbeResult.Failed(cause, $"{what} answered HTTP {(int)status} {status}");
        if (!string.IsNullOrWhiteSpace(body))
        {
            result.Evidence.Add(new Evidence("Response body (first 2 KB)", context.Secrets.Excerpt(body, 2048)));
        }

        return result;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
