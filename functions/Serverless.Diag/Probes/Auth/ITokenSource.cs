namespace Serverless.Diag.Probes.Auth;

/// <summary>
/// Where a check's bearer token comes from when it is not written in the config: an OAuth2 token endpoint, a managed
/// identity. Asked before every request that needs the token; an implementation caches and refreshes it itself
/// (<see cref="SharedTokenCache"/>), so a scheduled run costs no token request while the token is valid.
/// </summary>
public interface ITokenSource
{
    /// <summary>What the token comes from, for messages: <c>token endpoint https://login.example/token</c>.</summary>
    string Description { get; }

    /// <summary>A valid token. Registers it with <see cref="ProbeContext.Secrets"/> before returning it.</summary>
    /// <exception cref="TokenUnavailableException">The token could not be had; its <see cref="TokenUnavailableException.Error"/> says why, with no secret in it.</exception>
    ValueTask<BearerToken> GetTokenAsync(ProbeContext context, CancellationToken cancellationToken);
}

/// <summary>An access token and when it stops being valid.</summary>
public readonly record struct BearerToken(string Value, DateTimeOffset ExpiresOn)
{
    public override string ToString() => $"token expiring {ExpiresOn:O}"; // never the value
}

/// <summary>A token source could not give a token: the check is <c>error</c> with this cause and message.</summary>
public sealed class TokenUnavailableException(ProbeError error, Exception? inner = null) : Exception(error.Message, inner)
{
    public ProbeError Error => error;
}
