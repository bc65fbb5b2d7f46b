using System.Text;
using System.Text.Json;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Http;

/// <summary>Reads and validates an <c>http</c> check's settings, reporting every problem at its position.</summary>
internal static class HttpSettingsReader
{
    public static IReadOnlyCollection<string> Keys { get; } =
        ["url", "method", "headers", "body", "json", "follow_redirects", "compressed", "max_body", "auth", "insecure_skip_verify"];

    public static HttpProbeSettings? Read(CheckSettings settings)
    {
        var ok = true;
        var url = ReadUrl(settings, ["http", "https"], ref ok, out var userInfo);
        var method = ReadMethod(settings, ref ok);
        var headers = ReadHeaders(settings, ref ok);
        var (body, contentType) = ReadBody(settings, ref ok);
        var followRedirects = settings.Bool("follow_redirects");
        var insecure = settings.Bool("insecure_skip_verify");
        var compressed = settings.Bool("compressed");
        var maxBody = settings.Size("max_body");
        if (maxBody is <= 0)
        {
            settings.Error("max_body", "'max_body' must be more than 0 bytes");
            ok = false;
        }

        ok &= (!settings.Has("follow_redirects") || followRedirects is not null)
            && (!settings.Has("insecure_skip_verify") || insecure is not null)
            && (!settings.Has("compressed") || compressed is not null)
            && (!settings.Has("max_body") || maxBody is not null);

        var authorization = HttpAuthReader.Read(settings, ref ok);
        if (authorization is null && userInfo is { } credentials)
        {
            authorization = HttpAuthReader.Basic(settings.Secrets, credentials.User, credentials.Password);
        }

        if (!ok || url is null || method is null)
        {
            return null;
        }

        return new HttpProbeSettings
        {
            Url = url,
            Method = method,
            Headers = headers,
            Body = body,
            ContentType = contentType,
            FollowRedirects = followRedirects ?? true,
            InsecureSkipVerify = insecure ?? false,
            Compressed = compressed ?? false,
            MaxBody = maxBody ?? HttpProbeSettings.DefaultMaxBody,
            Authorization = authorization,
        };
    }

    /// <summary>An absolute URL of one of <paramref name="schemes"/>; a password in it is registered as a secret and moved out.</summary>
    public static Uri? ReadUrl(CheckSettings settings, string[] schemes, ref bool ok, out (string User, string Password)? userInfo)
    {
        userInfo = null;
        var text = settings.String("url", required: true);
        if (text is null)
        {
            ok = false;
            return null;
        }

        settings.Secrets.AddRange(Secrets.CredentialParts.Extract(text));
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || !schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            settings.Error(settings.Node("url")!, $"'url' must be an absolute {string.Join(" or ", schemes)} URL, not '{settings.Secrets.Redact(text)}'");
            ok = false;
            return null;
        }

        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            var user = Uri.UnescapeDataString(parts[0]);
            var password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
            settings.Secrets.Add(password);
            userInfo = (user, password);
            url = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        return url;
    }

    private static HttpMethod? ReadMethod(CheckSettings settings, ref bool ok)
    {
        var text = settings.String("method");
        if (text is null)
        {
            ok &= !settings.Has("method");
            return HttpMethod.Get;
        }

        if (text.Length == 0 || !text.All(c => char.IsAsciiLetter(c) || c == '-'))
        {
            settings.Error(settings.Node("method")!, $"'method' must be an HTTP method such as GET or POST, not '{text}'");
            ok = false;
            return null;
        }

        return HttpMethod.Parse(text.ToUpperInvariant());
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(CheckSettings settings, ref bool ok)
    {
        var map = settings.Map("headers");
        if (map is null)
        {
            ok &= !settings.Has("headers");
            return [];
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in map)
        {
            if (!IsToken(name))
            {
                settings.Error("headers", $"'{name}' is not a valid header name");
                ok = false;
                continue;
            }

            if (SensitiveHeaders.IsSensitive(name))
            {
                settings.Secrets.Add(value);
                settings.Secrets.AddRange(Secrets.CredentialParts.Extract(value));
            }

            headers.Add(new(name, value));
        }

        return headers;
    }

    private static (byte[]? Body, string? ContentType) ReadBody(CheckSettings settings, ref bool ok)
    {
        if (settings.Has("body") && settings.Has("json"))
        {
            settings.Error("json", "use either 'body' or 'json', not both");
            ok = false;
            return (null, null);
        }

        if (settings.Has("body"))
        {
            var body = settings.String("body");
            ok &= body is not null;
            return (body is null ? null : Encoding.UTF8.GetBytes(body), null);
        }

        if (settings.Node("json") is not { } json)
        {
            return (null, null);
        }

        if (json is ConfigScalar { Quoted: true } or ConfigScalar { Value: ['{' or '[', ..] })
        {
            var text = ((ConfigScalar)json).Value;
            try
            {
                using var _ = JsonDocument.Parse(text);
                return (Encoding.UTF8.GetBytes(text), "application/json");
            }
            catch (JsonException e)
            {
                settings.Error(json, $"'json' is not valid JSON: {e.Message}");
                ok = false;
                return (null, null);
            }
        }

        return (ConfigJson.Write(json), "application/json");
    }

    private static bool IsToken(string name) => name.Length > 0 && name.All(c => c > ' ' && c < 127 && !"()<>@,;:\\\"/[]?={}".Contains(c));
}
