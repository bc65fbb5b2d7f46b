using Azure.Core;
using Azure.Identity;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>Hands out a fixed token and remembers the scopes it was asked for; can be made to fail.</summary>
internal sealed class TestTokenCredential(string token = "planted-azure-token-0123456789", bool fail = false) : TokenCredential
{
    private readonly List<string> _scopes = [];

    public string Token => token;

    public IReadOnlyList<string> Scopes
    {
        get
        {
            lock (_scopes)
            {
                return [.. _scopes];
            }
        }
    }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (_scopes)
        {
            _scopes.AddRange(requestContext.Scopes);
        }

        if (fail)
        {
            throw new AuthenticationFailedException("ManagedIdentityCredential authentication failed: no identity is assigned to this resource");
        }

        return new AccessToken(token, TimeProvider.System.GetUtcNow().AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
