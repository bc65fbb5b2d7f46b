using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Auth.OAuth2;

/// <summary>
/// Asks the token endpoint for a client-credentials token, through <see cref="SharedTokenCache"/>: one request per client
/// while its token is valid, whatever the number of checks using it. A refusal is an <c>auth</c> error naming the
/// endpoint's status and OAuth error code; the secret is never in it.
/// </summary>
internal sealed class ClientCredentialsSource(ClientCredentials client) : ITokenSource
{
    // Token answers are small; a larger one is not a token endpoint.
    private const int MaxAnswer = 64 * 1024;

    // An answer without expires_in (it is only RECOMMENDED) is trusted for this long.
    private static readonly TimeSpan AssumedLifetime = TimeSpan.FromMinutes(10);

    private static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(30),
        ActivityHeadersPropagator = null,
    });

    public string Description => $"token endpoint {client.TokenUrl.GetLeftPart(UriPartial.Path)}";

    public ValueTask<BearerToken> GetTokenAsync(ProbeContext context, CancellationToken cancellationToken) =>
        SharedTokenCache.GetAsync(client.CacheKey, ct => FetchAsync(context.TimeProvider, ct), context.TimeProvider, cancellationToken);

    private async Task<BearerToken> FetchAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, client.TokenUrl) { Content = client.Form() };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!client.SecretInBody)
        {
            request.Headers.TryAddWithoutValidation("Authorization", client.BasicHeader);
        }

        HttpResponseMessage response;
        try
        {
            response = await Invoker.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var failure = NetworkFailure.Classify(e, client.TokenUrl.GetLeftPart(UriPartial.Path));
            throw new TokenUnavailableException(failure with { Message = $"{Description}: {failure.Message}" }, e);
        }

        using (response)
        {
            var body = await ReadAsync(response, cancellationToken);
            var received = time.GetUtcNow();
            if (!response.IsSuccessStatusCode)
            {
                throw new TokenUnavailableException(new ProbeError(ErrorCause.Auth, Refusal(response.StatusCode, body)));
            }

            var answer = Parse(body, TokenEndpointJson.Default.TokenAnswer);
            if (answer?.AccessToken is not { Length: > 0 } token)
            {
                throw new TokenUnavailableException(new ProbeError(ErrorCause.Auth, $"{Description} answered {(int)response.StatusCode} without an access_token"));
            }

            if (answer.TokenType is { } type && !type.Equals("bearer", StringComparison.OrdinalIgnoreCase))
            {
                throw new TokenUnavailableException(new ProbeError(ErrorCause.Auth, $"{Description} issued a '{type}' token; only bearer tokens can be sent"));
            }

            var lifetime = answer.ExpiresIn is > 0 and < 31_536_000 ? TimeSpan.FromSeconds(answer.ExpiresIn.Value) : AssumedLifetime;
            return new BearerToken(token, received + lifetime);
        }
    }

    /// <summary><c>token endpoint https://x/token answered 401 Unauthorized: invalid_client (Client authentication failed)</c>.</summary>
    private string Refusal(HttpStatusCode status, byte[] body)
    {
        var error = Parse(body, TokenEndpointJson.Default.TokenError);
        var what = $"{Description} answered {(int)status} {status}";
        if (error?.Error is not { Length: > 0 } code)
        {
            return what + " without an OAuth error code";
        }

        var description = error.Description is { Length: > 0 } d ? $" ({Cut(d, 200)})" : string.Empty;
        return $"{what}: {Cut(code, 64)}{description}";
    }

    /// <summary>Marked with the ellipsis the redactor looks for, so a secret cut here is still masked.</summary>
    private static string Cut(string text, int max)
    {
        var line = ProbeText.OneLine(text);
        return line.Length <= max ? line : string.Concat(line.AsSpan(0, max), Secrets.SecretRedactor.CutMarker);
    }

    private static async Task<byte[]> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0 && buffer.Length < MaxAnswer)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static T? Parse<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
