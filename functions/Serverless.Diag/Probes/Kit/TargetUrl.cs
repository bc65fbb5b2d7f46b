using Serverless.Diag.Configuration;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Kit;

/// <summary>
/// The <c>url:</c> of a check: absolute, of an allowed scheme, and its credentials taken out: a password in it and the
/// values of credential-looking query parameters (<c>?token=</c>, <c>?sig=</c>, <c>?code=</c>) are registered as
/// secrets, and <c>user:password@</c> is returned apart (the http checks send it as basic auth, never in the URL).
/// </summary>
public static class TargetUrl
{
    public const string Key = "url";

    public static Uri? Read(CheckSettings settings, IReadOnlyCollection<string> schemes, out (string User, string Password)? userInfo, string key = Key)
    {
        userInfo = null;
        var text = settings.String(key, required: true);
        if (text is null)
        {
            return null;
        }

        settings.Secrets.AddRange(CredentialParts.Extract(text));
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || !schemes.Contains(url.Scheme, StringComparer.OrdinalIgnoreCase))
        {
            var shown = settings.Node(key) is ConfigScalar { IsSecret: true } ? string.Empty : $", not '{settings.Secrets.Redact(text)}'";
            settings.Error(settings.Node(key)!, $"'{key}' must be an absolute {string.Join(" or ", schemes)} URL{shown}");
            return null;
        }

        RegisterQuerySecrets(settings.Secrets, url);
        if (url.UserInfo.Length > 0)
        {
            var parts = url.UserInfo.Split(':', 2);
            var user = Uri.UnescapeDataString(parts[0]);
            var password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
            settings.Secrets.Add(password);
            settings.Secrets.Add(url.UserInfo);
            userInfo = (user, password);
            url = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri;
        }

        return url;
    }

    /// <summary>The values of query parameters named like credentials, as written and decoded.</summary>
    public static void RegisterQuerySecrets(SecretRedactor secrets, Uri url)
    {
        foreach (var (name, value) in QueryParameters(url.Query))
        {
            if (SensitiveHeaders.IsSensitiveQuery(Uri.UnescapeDataString(name)))
            {
                secrets.Add(value);
                secrets.Add(Uri.UnescapeDataString(value.Replace('+', ' ')));
            }
        }
    }

    /// <summary><c>?a=1&amp;b=2</c> as raw (still encoded) name/value pairs.</summary>
    public static IEnumerable<(string Name, string Value)> QueryParameters(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            yield return eq < 0 ? (pair, string.Empty) : (pair[..eq], pair[(eq + 1)..]);
        }
    }
}
