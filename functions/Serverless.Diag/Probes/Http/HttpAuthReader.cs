using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Auth;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// <c>auth: {type: none|bearer|basic|header, token, username, password, name, value}</c> as the header that
/// carries it. Every credential (and the header value built from it) is registered as a secret.
/// </summary>
internal static class HttpAuthReader
{
    private static readonly string[] StaticTypes = ["none", "bearer", "basic", "header"];
    private static readonly string[] StaticKeys = ["type", "token", "username", "password", "name", "value"];

    /// <summary>Only the static types (none, bearer, basic, header): for checks that send no token from a token source.</summary>
    /// <returns>The header to send, or null for none or when invalid (each problem reported through <paramref name="settings"/>).</returns>
    public static KeyValuePair<string, string>? Read(CheckSettings settings) =>
        settings.Mapping("auth") is { } auth ? Read(settings, auth, tokenSources: false)?.Header : null;

    /// <summary>The check's <c>auth:</c>, a token source type included (<c>oauth2-client-credentials</c>, a pack's).</summary>
    public static CheckAuth? ReadWithTokenSources(CheckSettings settings) =>
        settings.Mapping("auth") is { } auth ? Read(settings, auth, tokenSources: true) : null;

    /// <summary>An <c>auth:</c> mapping found elsewhere than under the check (a flow step's).</summary>
    public static CheckAuth? Read(CheckSettings settings, ConfigMapping auth, bool tokenSources)
    {
        var typeName = Scalar(settings, auth, "type")?.Value;
        var tokenType = tokenSources && typeName is not null ? settings.TokenSources.Find(typeName) : null;
        var keys = tokenType is null ? StaticKeys : ["type", .. tokenType.Keys];
        foreach (var key in auth.Entries.Select(e => e.Key).Where(k => !keys.Contains(k.Value, StringComparer.Ordinal)))
        {
            settings.Error(key, $"unknown key 'auth.{key.Value}' (expected one of {string.Join(", ", keys)})");
        }

        if (tokenType is not null)
        {
            return tokenType.Create(auth, settings) is { } source ? new CheckAuth(null, source) : null;
        }

        return ReadStatic(settings, auth, typeName, tokenSources) is { } header ? new CheckAuth(header, null) : null;
    }

    private static KeyValuePair<string, string>? ReadStatic(CheckSettings settings, ConfigMapping auth, string? typeName, bool tokenSources)
    {
        switch (typeName)
        {
            case null:
            case "none":
                return null;
            case "bearer":
                return Scalar(settings, auth, "token") is { } token && OneLine(settings, token)
                    ? Header(settings.Secrets, "Authorization", $"Bearer {token.Value}", token.Value)
                    : null;
            case "basic":
                // base64 carries any character safely: the user name and password need no check of their own.
                var user = Scalar(settings, auth, "username");
                var password = Scalar(settings, auth, "password");
                return user is null || password is null ? null : Basic(settings.Secrets, user.Value, password.Value);
            case "header":
                var name = Scalar(settings, auth, "name");
                var value = Scalar(settings, auth, "value");
                if (name is not null && !RequestHeaders.IsToken(name.Value))
                {
                    settings.Error(name, "'auth.name' is not a valid header name");
                    return null;
                }

                return name is null || value is null || !OneLine(settings, value) ? null : Header(settings.Secrets, name.Value, value.Value, value.Value);
            case var other:
                var types = tokenSources ? [.. StaticTypes, .. settings.TokenSources.Names] : StaticTypes;
                var where = !tokenSources && settings.TokenSources.Find(other) is not null ? $" ('{other}' is for http, websocket, http-load and flow checks)" : string.Empty;
                settings.Error(auth["type"]!, $"'auth.type' must be one of {string.Join(", ", types)}, not '{other}'{where}");
                return null;
        }
    }

    public static KeyValuePair<string, string> Basic(SecretRedactor secrets, string user, string password)
    {
        secrets.Add(password);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return Header(secrets, "Authorization", $"Basic {encoded}", encoded);
    }

    private static KeyValuePair<string, string> Header(SecretRedactor secrets, string name, string value, string credential)
    {
        secrets.Add(credential);
        secrets.Add(value);
        return new(name, value);
    }

    /// <summary>A credential with a line break would write headers of its own: refused, and never shown.</summary>
    private static bool OneLine(CheckSettings settings, ConfigScalar credential)
    {
        settings.Secrets.Add(credential.Value);
        if (!RequestHeaders.HasControlCharacter(credential.Value))
        {
            return true;
        }

        settings.Error(credential, "'auth' contains a control character (a line break?): a header value must be one line");
        return false;
    }

    private static ConfigScalar? Scalar(CheckSettings settings, ConfigMapping auth, string key)
    {
        switch (auth[key])
        {
            case ConfigScalar scalar when scalar.Value.Length > 0:
                return scalar;
            case null or ConfigScalar:
                settings.Error(auth, $"'auth' needs '{key}'");
                return null;
            case var other:
                settings.Error(other, $"'auth.{key}' must be a single value");
                return null;
        }
    }
}

/// <summary>What a check's <c>auth:</c> sends: a header fixed at load, or a token asked of its source before each request.</summary>
internal sealed record CheckAuth(KeyValuePair<string, string>? Header, ITokenSource? Source)
{
    /// <summary>The header for this request, or the error that stops it (the token source failed).</summary>
    public async ValueTask<(KeyValuePair<string, string>? Header, ProbeError? Error)> HeaderAsync(ProbeContext context, CancellationToken cancellationToken) =>
        Source is null ? (Header, null) : await TokenAuthorization.HeaderAsync(Source, context, cancellationToken);
}
