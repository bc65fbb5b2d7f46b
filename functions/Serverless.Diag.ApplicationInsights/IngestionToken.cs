using System.Runtime.CompilerServices;
using Azure.Core;
using Azure.Identity;

namespace Serverless.Diag.ApplicationInsights;

/// <summary>
/// The Entra token for ingestion, asked of the managed identity the authentication string names and kept until
/// shortly before it expires, so a scheduled run every few minutes does not ask the identity endpoint each time.
/// </summary>
internal sealed class IngestionToken(TokenCredential credential, TimeProvider time)
{
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    // A reference, so a reader on another thread never sees half of a token being replaced.
    private volatile StrongBox<AccessToken>? _current;

    public static TokenCredential CredentialFor(EntraAuthentication entra) => entra.ClientId is { } clientId
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        // Runs of one process rarely overlap; two asking at once each get a token, which is harmless.
        if (_current is { } cached && cached.Value.ExpiresOn - RefreshBefore > time.GetUtcNow())
        {
            return cached.Value.Token;
        }

        var token = await credential.GetTokenAsync(new TokenRequestContext([EntraAuthentication.Scope]), cancellationToken);
        _current = new StrongBox<AccessToken>(token);
        return token.Token;
    }
}
