using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// <c>auth: {type: none|bearer|basic|header, token, username, password, name, value}</c> as the header that
/// carries it. Every credential (and the header value built from it) is registered as a secret.
/// </summary>
internal static class HttpAuthReader
{
    private static readonly string[] Types = ["none", "bearer", "basic", "header"];
    private static readonly string[] Keys = ["type", "token", "username", "password", "name", "value"];

    /// <returns>The header to send, or null for none or when invalid (each problem reported through <paramref name="settings"/>).</returns>
    public static KeyValuePair<string, string>? Read(CheckSettings settings)
    {
        if (settings.Mapping("auth") is not { } auth)
        {
            return null;
        }

        foreach (var key in auth.Entries.Select(e => e.Key).Where(k => !Keys.Contains(k.Value, StringComparer.Ordinal)))
        {
            settings.Error(key, $"unknown key 'auth.{key.Value}' (expected one of {string.Join(", ", Keys)})");
        }

        switch (Scalar(settings, auth, "type")?.Value)
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
                settings.Error(auth["type"]!, $"'auth.type' must be one of {string.Join(", ", Types)}, not '{other}'");
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
