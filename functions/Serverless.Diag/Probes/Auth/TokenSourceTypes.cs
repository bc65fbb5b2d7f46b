namespace Serverless.Diag.Probes.Auth;

/// <summary>
/// The <c>auth.type</c> values that get a token at run time: the engine's own (<c>oauth2-client-credentials</c>) and those
/// the host's packs add (<see cref="ProbeRegistry.Add(ITokenSourceType)"/>).
/// </summary>
public sealed class TokenSourceTypes
{
    private readonly Dictionary<string, ITokenSourceType> _types = new(StringComparer.Ordinal);

    public TokenSourceTypes()
    {
        Add(new OAuth2.ClientCredentialsType());
    }

    /// <summary>Only the engine's own: what a <see cref="Configuration.CheckSettings"/> built outside a registry knows.</summary>
    public static TokenSourceTypes BuiltIn { get; } = new();

    public IEnumerable<string> Names => _types.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<ITokenSourceType> All => _types.Values.OrderBy(t => t.Type, StringComparer.Ordinal);

    public TokenSourceTypes Add(ITokenSourceType type)
    {
        _types[type.Type] = type;
        return this;
    }

    public ITokenSourceType? Find(string type) => _types.GetValueOrDefault(type);
}
