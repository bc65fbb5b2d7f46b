using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.Auth;

/// <summary>
/// One <c>auth.type</c> that gets its token at run time (<c>oauth2-client-credentials</c>, a pack's <c>managed-identity</c>).
/// The engine knows its own; a driver pack registers more on the <see cref="ProbeRegistry"/>, so the engine stays free of
/// the pack's SDK.
/// </summary>
public interface ITokenSourceType
{
    /// <summary>The <c>auth.type</c> value.</summary>
    string Type { get; }

    /// <summary>The keys of the <c>auth:</c> mapping besides <c>type</c>.</summary>
    IReadOnlyCollection<string> Keys { get; }

    /// <summary>
    /// Reads and validates the <c>auth:</c> mapping, reporting problems through <paramref name="settings"/> at their position,
    /// and registers every credential in it as a secret. Returns null when invalid. Must not do I/O.
    /// </summary>
    ITokenSource? Create(ConfigMapping auth, CheckSettings settings);
}
