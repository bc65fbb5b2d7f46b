using System.Collections.Concurrent;
using Azure.Core;
using Azure.Identity;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Auth;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.AzureIdentity;

/// <summary>
/// Asks Azure.Identity for a token for one scope, through the engine's <see cref="SharedTokenCache"/>: every check using the
/// same identity and audience shares one token until shortly before <c>expires_on</c>. Credentials are made once per
/// client id for the life of the process, as the SDK recommends.
/// </summary>
internal sealed class ManagedIdentitySource(string scope, string? clientId) : ITokenSource
{
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    private static readonly ConcurrentDictionary<string, TokenCredential> Credentials = new(StringComparer.Ordinal);

    public string Description => $"managed identity (audience {scope[..^"/.default".Length]})";

    public ValueTask<BearerToken> GetTokenAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var identity = clientId ?? Environment.GetEnvironmentVariable(ClientIdVariable) ?? string.Empty;
        return SharedTokenCache.GetAsync($"managed-identity\n{identity}\n{scope}", ct => FetchAsync(identity, ct), context.TimeProvider, cancellationToken);
    }

    private async Task<BearerToken> FetchAsync(string identity, CancellationToken cancellationToken)
    {
        var credential = Credentials.GetOrAdd(identity, static id => new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            // Empty: AZURE_CLIENT_ID unset too, the system-assigned identity.
            ManagedIdentityClientId = id.Length > 0 ? id : null,
        }));
        try
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
            return new BearerToken(token.Token, token.ExpiresOn);
        }
        catch (AuthenticationFailedException e)
        {
            // The chain's message lists each credential it tried: the first lines say enough.
            var message = ProbeText.OneLine(e.Message);
            var shown = message.Length <= 400 ? message : string.Concat(message.AsSpan(0, 400), SecretRedactor.CutMarker);
            throw new TokenUnavailableException(new ProbeError(ErrorCause.Auth, $"no token from the {Description}: {shown}"), e);
        }
    }
}
