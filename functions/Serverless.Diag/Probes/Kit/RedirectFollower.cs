using System.Net;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// Follows redirects itself rather than letting the handler do it, to decide per hop what goes along. Within the origin
/// everything is sent again. To another origin, as curl and browsers do, the check's credentials are not: the auth
/// header, any header named like a credential or carrying a secret, and query parameters that do; the evidence says
/// which were withheld. HTTPS is never followed down to plain HTTP.
/// </summary>
public static class RedirectFollower
{
    public const int MaxRedirects = 10;

    private static readonly RedirectHop[] NoHops = [];

    public static async ValueTask<(HttpResponseMessage Response, IReadOnlyList<RedirectHop> Hops)> SendAsync(
        HttpMessageInvoker invoker,
        OutgoingRequest first,
        RedirectPolicy policy,
        SecretRedactor secrets,
        Func<OutgoingRequest, HttpRequestMessage> build,
        CancellationToken cancellationToken)
    {
        List<RedirectHop>? hops = null; // most checks meet no redirect
        var current = first;
        while (true)
        {
            HttpResponseMessage response;
            using (var request = build(current))
            {
                response = await invoker.SendAsync(request, cancellationToken);
            }

            if (policy == RedirectPolicy.None || Target(response, current.Url) is not { } target)
            {
                return (response, hops ?? (IReadOnlyList<RedirectHop>)NoHops);
            }

            hops ??= [];
            var status = (int)response.StatusCode;
            var crossOrigin = !SameOrigin(current.Url, target);
            var refusal = hops.Count >= MaxRedirects ? $"more than {MaxRedirects} redirects"
                : current.Url.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp ? "HTTPS is not followed down to plain HTTP"
                : target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps ? $"'{target.Scheme}' is not HTTP"
                : crossOrigin && policy == RedirectPolicy.SameOrigin ? "another origin, and follow_redirects is same-origin"
                : null;
            if (refusal is not null)
            {
                hops.Add(new RedirectHop(status, target, crossOrigin, [], refusal));
                return (response, hops);
            }

            response.Dispose();
            var withheld = new List<string>();
            current = Next(current, target, status, crossOrigin ? first : null, secrets, withheld);
            hops.Add(new RedirectHop(status, current.Url, crossOrigin, withheld, null));
        }
    }

    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    private static Uri? Target(HttpResponseMessage response, Uri from) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location : new Uri(from, location)
            : null;

    /// <param name="origin">The first request, when the new URL is on another origin: what is withheld is decided against it.</param>
    private static OutgoingRequest Next(OutgoingRequest current, Uri target, int status, OutgoingRequest? origin, SecretRedactor secrets, List<string> withheld)
    {
        // 303, and 301/302 after a POST (what every client does), become a GET without a body; 307/308 resend as they were.
        var toGet = status == 303 ? current.Method != HttpMethod.Head : status is 301 or 302 && current.Method == HttpMethod.Post;
        var next = current with
        {
            Url = target,
            Method = toGet ? HttpMethod.Get : current.Method,
            Body = toGet ? null : current.Body,
            ContentType = toGet ? null : current.ContentType,
        };
        if (origin is null)
        {
            return next;
        }

        var headers = new List<KeyValuePair<string, string>>(current.Headers.Count);
        foreach (var header in current.Headers)
        {
            if (IsCredential(header.Key, header.Value, secrets))
            {
                withheld.Add(header.Key);
            }
            else
            {
                headers.Add(header);
            }
        }

        if (current.Credential is { } credential)
        {
            withheld.Add(credential.Key);
        }

        return next with { Headers = headers, Credential = null, Url = WithoutSecretQuery(target, secrets, withheld) };
    }

    private static bool IsCredential(string name, string value, SecretRedactor secrets) =>
        SensitiveHeaders.IsSensitive(name) || !ReferenceEquals(secrets.Redact(value), value);

    private static Uri WithoutSecretQuery(Uri url, SecretRedactor secrets, List<string> withheld)
    {
        if (url.Query.Length <= 1)
        {
            return url;
        }

        var kept = new List<string>();
        foreach (var (name, value) in TargetUrl.QueryParameters(url.Query))
        {
            var decoded = Uri.UnescapeDataString(value.Replace('+', ' '));
            if (SensitiveHeaders.IsSensitiveQuery(Uri.UnescapeDataString(name)) || !ReferenceEquals(secrets.Redact(decoded), decoded) || !ReferenceEquals(secrets.Redact(value), value))
            {
                withheld.Add("?" + Uri.UnescapeDataString(name));
            }
            else
            {
                kept.Add(value.Length == 0 && !url.Query.Contains(name + "=", StringComparison.Ordinal) ? name : $"{name}={value}");
            }
        }

        return new UriBuilder(url) { Query = string.Join('&', kept) }.Uri;
    }
}
