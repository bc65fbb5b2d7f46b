using System.Security.Cryptography;
using System.Text;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Auth.OAuth2;

/// <summary>One OAuth2 client as the config names it; <see cref="CacheKey"/> identifies it without holding its secret.</summary>
internal sealed record ClientCredentials(Uri TokenUrl, string ClientId, string ClientSecret, string? Scope, string? Audience, bool SecretInBody)
{
    /// <summary>Endpoint, client, scope, audience and a hash of the secret: a rotated secret is a new client.</summary>
    public string CacheKey { get; } = string.Join('\n', "oauth2", TokenUrl.AbsoluteUri, ClientId, Scope ?? string.Empty, Audience ?? string.Empty, SecretInBody,
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ClientSecret))));

    /// <summary>RFC 6749 §2.3.1: id and secret form-encoded, then joined by ':' and base64-encoded.</summary>
    public string BasicHeader => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FormEncode(ClientId)}:{FormEncode(ClientSecret)}"));

    public void RegisterSecrets(SecretRedactor secrets)
    {
        secrets.Add(ClientSecret);
        secrets.Add(FormEncode(ClientSecret));
        var header = BasicHeader;
        secrets.Add(header);
        secrets.Add(header["Basic ".Length..]);
    }

    public FormUrlEncodedContent Form()
    {
        var fields = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        if (Scope is not null)
        {
            fields.Add(new("scope", Scope));
        }

        if (Audience is not null)
        {
            fields.Add(new("audience", Audience));
        }

        if (SecretInBody)
        {
            fields.Add(new("client_id", ClientId));
            fields.Add(new("client_secret", ClientSecret));
        }

        return new FormUrlEncodedContent(fields);
    }

    private static string FormEncode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    // The record's generated ToString would print the secret.
    public override string ToString() => $"client {ClientId} at {TokenUrl.GetLeftPart(UriPartial.Path)}";
}
