using System.Net;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Flow;

/// <summary>
/// The cookie jar of one run of a flow, in front of the shared pooled handler (which keeps no cookies, so checks never see
/// each other's): sends the cookies the target set in earlier steps, redirects included, and stores new ones. Cookie values
/// are session credentials: each is a secret from the moment it is set.
/// </summary>
internal sealed class CookieSession(HttpMessageInvoker inner, SecretRedactor secrets) : HttpMessageInvoker(new NotUsed(), disposeHandler: true)
{
    private readonly CookieContainer _cookies = new();

    public override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        var header = _cookies.GetCookieHeader(url);
        if (header.Length > 0 && !request.Headers.Contains("Cookie"))
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }

        var response = await inner.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var value in values)
            {
                try
                {
                    _cookies.SetCookies(url, value);
                }
                catch (CookieException)
                {
                    // A cookie the jar refuses (bad domain, bad syntax) is not sent back, as a browser would not.
                }
            }

            foreach (Cookie cookie in _cookies.GetCookies(url))
            {
                secrets.Add(cookie.Value);
            }
        }

        return response;
    }

    private sealed class NotUsed : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("requests go through the shared handler");
    }
}
