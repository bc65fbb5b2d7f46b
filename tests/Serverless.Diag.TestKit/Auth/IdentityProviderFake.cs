using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.TestKit.Auth;

/// <summary>
/// An OAuth2 authorization server (client credentials, RFC 6749 §4.4 and §5), the App Service managed identity endpoint
/// (<c>IDENTITY_ENDPOINT</c>, api-version 2019-08-01, <c>X-IDENTITY-HEADER</c>, answer with <c>expires_on</c>) and an API
/// that accepts only the tokens they issued, on one Kestrel server. Answers are shaped as the real ones: errors as
/// <c>{"error": "invalid_client", "error_description": ...}</c> with the RFC's status codes.
/// </summary>
public sealed class IdentityProviderFake : IAsyncDisposable
{
    // Upper case, digits and symbols, so any run of them in an output is a leak (SecretLeaks).
    public const string ClientId = "diag-probe";
    public const string ClientSecret = "CS9#QX7!LM2@ZP5$";
    public const string IdentityHeader = "IH4%RT8&WE6*";
    public const string Scope = "api.read";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _issued = new(StringComparer.Ordinal);
    private int _counter;
    private KestrelTarget _server = null!;

    public Uri BaseAddress => _server.BaseAddress;

    public string TokenUrl => _server.Url("/oauth2/token");

    public string IdentityEndpoint => _server.Url("/msi/token");

    public string ApiUrl(string path = "/api/me") => _server.Url(path);

    /// <summary>expires_in of the tokens issued from now on (seconds).</summary>
    public int ExpiresIn { get; set; } = 3600;

    /// <summary>How long the token endpoint waits before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>A careless server that writes the secret it was sent into its error description.</summary>
    public bool EchoSecretInErrors { get; set; }

    /// <summary>Each request to the token endpoint: how the client authenticated ("basic" or "body") and the scope.</summary>
    public ConcurrentQueue<(string ClientAuth, string? Scope, string? Audience)> TokenRequests { get; } = new();

    /// <summary>Each request to the managed identity endpoint: its query and whether the identity header matched.</summary>
    public ConcurrentQueue<(string? ApiVersion, string? Resource, string? ClientId, bool HeaderMatched)> IdentityRequests { get; } = new();

    public ConcurrentQueue<string> IssuedTokens { get; } = new();

    public static async Task<IdentityProviderFake> StartAsync()
    {
        var fake = new IdentityProviderFake();
        fake._server = await KestrelTarget.StartAsync(app =>
        {
            app.MapPost("/oauth2/token", fake.TokenAsync);
            app.MapGet("/msi/token", fake.ManagedIdentity);
            app.MapGet("/api/me", (HttpRequest request) => fake.Authorized(request)
                ? Results.Json(new { id = 42, name = "probe" })
                : Results.Json(new { error = "invalid_token" }, statusCode: 401));
            app.MapGet("/api/echo", (HttpRequest request) => Results.Text($"you sent: {request.Headers.Authorization}", statusCode: 500));
        });
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private string NewToken() => $"TOK{Interlocked.Increment(ref _counter)}#{Guid.NewGuid():N}".ToUpperInvariant();

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && _issued.TryGetValue(header[7..], out var expires) && expires > TimeProvider.System.GetUtcNow();
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, request.HttpContext.RequestAborted);
        }

        var form = await request.ReadFormAsync();
        var (clientAuth, id, secret) = ClientOf(request, form);
        TokenRequests.Enqueue((clientAuth, form["scope"].FirstOrDefault(), form["audience"].FirstOrDefault()));
        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "only client_credentials");
        }

        if (id != ClientId || secret != ClientSecret)
        {
            return Error(401, "invalid_client", EchoSecretInErrors ? $"client authentication failed for secret {secret}" : "client authentication failed");
        }

        if (form["scope"].FirstOrDefault() is { } scope && scope != Scope)
        {
            return Error(400, "invalid_scope", $"the scope '{scope}' is not granted to {id}");
        }

        var token = NewToken();
        _issued[token] = TimeProvider.System.GetUtcNow().AddSeconds(ExpiresIn);
        IssuedTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = ExpiresIn });
    }

    private IResult ManagedIdentity(HttpRequest request)
    {
        var matched = request.Headers["X-IDENTITY-HEADER"] == IdentityHeader;
        var resource = request.Query["resource"].FirstOrDefault();
        var clientId = request.Query["client_id"].FirstOrDefault();
        IdentityRequests.Enqueue((request.Query["api-version"].FirstOrDefault(), resource, clientId, matched));
        if (!matched)
        {
            return Results.Json(new { statusCode = 401, message = "Unauthorized request" }, statusCode: 401);
        }

        var token = NewToken();
        var expires = TimeProvider.System.GetUtcNow().AddSeconds(ExpiresIn);
        _issued[token] = expires;
        IssuedTokens.Enqueue(token);
        return Results.Json(new Dictionary<string, string?>
        {
            ["access_token"] = token,
            ["expires_on"] = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
            ["client_id"] = clientId,
        });
    }

    private static (string ClientAuth, string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return ("basic", Uri.UnescapeDataString(decoded[0].Replace('+', ' ')), decoded.Length > 1 ? Uri.UnescapeDataString(decoded[1].Replace('+', ' ')) : null);
        }

        return ("body", form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private static IResult Error(int status, string code, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = code, ["error_description"] = description }, statusCode: status);
}
