using System.Text;
using Serverless.Diag.Configuration;
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

    public static KeyValuePair<string, string>? Read(CheckSettings settings, ref bool ok)
    {
        var auth = settings.Mapping("auth");
        if (auth is null)
        {
            ok &= !settings.Has("auth");
            return null;
        }

        foreach (var key in auth.Entries.Select(e => e.Key).Where(k => !Keys.Contains(k.Value, StringComparer.Ordinal)))
        {
            settings.Error(key, $"unknown key 'auth.{key.Value}' (expected one of {string.Join(", ", Keys)})");
            ok = false;
        }

        var type = Scalar(settings, auth, "type", required: true, ref ok);
        if (type is null)
        {
            return null;
        }

        switch (type.Value)
        {
            case "none":
                return null;
            case "bearer":
                var token = Scalar(settings, auth, "token", required: true, ref ok);
                return token is null ? null : Header(settings.Secrets, "Authorization", $"Bearer {token.Value}", token.Value);
            case "basic":
                var user = Scalar(settings, auth, "username", required: true, ref ok);
                var password = Scalar(settings, auth, "password", required: true, ref ok);
                return user is null || password is null ? null : Basic(settings.Secrets, user.Value, password.Value);
            case "header":
                var name = Scalar(settings, auth, "name", required: true, ref ok);
                var value = Scalar(settings, auth, "value", required: true, ref ok);
                return name is null || value is null ? null : Header(settings.Secrets, name.Value, value.Value, value.Value);
            default:
                settings.Error(type, $"'auth.type' must be one of {string.Join(", ", Types)}, not '{type.Value}'");
                ok = false;
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

    private static ConfigScalar? Scalar(CheckSettings settings, ConfigMapping auth, string key, bool required, ref bool ok)
    {
        switch (auth[key])
        {
            case ConfigScalar scalar when scalar.Value.Length > 0:
                return scalar;
            case null or ConfigScalar when !required:
                return null;
            case null or ConfigScalar:
                settings.Error(auth, $"'auth' needs '{key}'");
                ok = false;
                return null;
            case var other:
                settings.Error(other, $"'auth.{key}' must be a single value");
                ok = false;
                return null;
        }
    }
}
