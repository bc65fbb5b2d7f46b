using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Auth;

namespace Serverless.Diag.AzureIdentity;

/// <summary>
/// <c>auth: {type: managed-identity, audience, client_id}</c>: an Entra ID token for <c>audience</c> (an App Service Easy Auth
/// app id URI, an APIM-protected API's, <c>https://management.azure.com</c>) from Azure.Identity's credential chain: the
/// app's managed identity in Azure (<c>client_id</c>, else <c>AZURE_CLIENT_ID</c>, picks a user-assigned one), workload
/// identity (GitHub Actions OIDC) and developer sign-ins locally.
/// </summary>
public sealed class ManagedIdentityType : ITokenSourceType
{
    public const string Name = "managed-identity";

    public string Type => Name;

    public IReadOnlyCollection<string> Keys { get; } = ["audience", "client_id"];

    public ITokenSource? Create(ConfigMapping auth, CheckSettings settings)
    {
        var audience = Text(auth, "audience", settings, required: true);
        var clientId = Text(auth, "client_id", settings, required: false);
        if (audience is not null && !IsAudience(audience.Value))
        {
            settings.Error(audience, $"'auth.audience' must be an app id URI or URL such as api://my-api or https://management.azure.com, not '{settings.Secrets.Redact(audience.Value)}'");
            return null;
        }

        if (clientId is not null && !Guid.TryParse(clientId.Value, out _))
        {
            settings.Error(clientId, "'auth.client_id' must be the client id (a GUID) of a user-assigned managed identity");
            return null;
        }

        return audience is null ? null : new ManagedIdentitySource(Scope(audience.Value.Trim()), clientId?.Value);
    }

    /// <summary>The <c>.default</c> scope of the audience, as Azure.Identity expects it (and turns back into the resource).</summary>
    public static string Scope(string audience) =>
        audience.EndsWith("/.default", StringComparison.Ordinal) ? audience : audience.TrimEnd('/') + "/.default";

    private static bool IsAudience(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "api" or "http" && !text.Any(char.IsWhiteSpace);

    private static ConfigScalar? Text(ConfigMapping auth, string key, CheckSettings settings, bool required) =>
        TokenSourceSettings.Text(auth, key, settings, Name, required);
}
