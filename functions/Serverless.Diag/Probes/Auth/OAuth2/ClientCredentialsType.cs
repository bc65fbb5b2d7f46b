using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Auth.OAuth2;

/// <summary>
/// <c>auth: {type: oauth2-client-credentials, token_url, client_id, client_secret, scope, audience, client_auth: basic|body}</c>:
/// the OAuth 2.0 client credentials grant (RFC 6749 §4.4). The secret (and the basic header built from it) is a secret
/// from the moment it is read.
/// </summary>
internal sealed class ClientCredentialsType : ITokenSourceType
{
    public const string Name = "oauth2-client-credentials";

    private static readonly string[] Schemes = ["http", "https"];

    public string Type => Name;

    public IReadOnlyCollection<string> Keys { get; } = ["token_url", "client_id", "client_secret", "scope", "audience", "client_auth"];

    public ITokenSource? Create(ConfigMapping auth, CheckSettings settings)
    {
        var url = Text(auth, "token_url", settings, required: true);
        var clientId = Text(auth, "client_id", settings, required: true);
        var secret = Text(auth, "client_secret", settings, required: true);
        settings.Secrets.Add(secret?.Value);
        var scope = Text(auth, "scope", settings, required: false);
        var audience = Text(auth, "audience", settings, required: false);
        var clientAuth = Text(auth, "client_auth", settings, required: false);

        Uri? tokenUrl = null;
        if (url is not null && (!Uri.TryCreate(url.Value.Trim(), UriKind.Absolute, out tokenUrl) || !Schemes.Contains(tokenUrl.Scheme, StringComparer.OrdinalIgnoreCase)))
        {
            settings.Error(url, "'auth.token_url' must be an absolute http or https URL");
            tokenUrl = null;
        }

        var inBody = false;
        switch (clientAuth?.Value)
        {
            case null or "basic":
                break;
            case "body":
                inBody = true;
                break;
            default:
                settings.Error(clientAuth, $"'auth.client_auth' must be basic (an Authorization header, the default) or body (client_id and client_secret in the form), not '{clientAuth.Value}'");
                break;
        }

        foreach (var value in new[] { clientId, secret, scope, audience })
        {
            if (value is not null && RequestHeaders.HasControlCharacter(value.Value))
            {
                settings.Error(value, "'auth' contains a control character (a line break?)");
                return null;
            }
        }

        if (tokenUrl is null || clientId is null || secret is null || settings.HasErrors)
        {
            return null;
        }

        var client = new ClientCredentials(tokenUrl, clientId.Value, secret.Value, scope?.Value, audience?.Value, inBody);
        client.RegisterSecrets(settings.Secrets);
        return new ClientCredentialsSource(client);
    }

    private static ConfigScalar? Text(ConfigMapping auth, string key, CheckSettings settings, bool required) =>
        TokenSourceSettings.Text(auth, key, settings, Name, required);
}
