using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes;

/// <summary>
/// The check types a host knows, and the config sections its packs own (<see cref="IConfigSection"/>). Hosts
/// compose it from the engine's probes and the driver packs.
/// </summary>
public sealed class ProbeRegistry
{
    private readonly Dictionary<string, IProbeFactory> _factories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IConfigSection> _sections = new(StringComparer.Ordinal);

    public ProbeRegistry(IEnumerable<IProbeFactory> factories)
    {
        foreach (var factory in factories)
        {
            Add(factory);
        }
    }

    public IEnumerable<string> Types => _factories.Keys.Order(StringComparer.Ordinal);

    /// <summary>The sections, by key.</summary>
    public IEnumerable<IConfigSection> Sections => _sections.Values.OrderBy(s => s.Key, StringComparer.Ordinal);

    public ProbeRegistry Add(IProbeFactory factory)
    {
        _factories[factory.Type] = factory;
        return this;
    }

    public ProbeRegistry Add(IConfigSection section)
    {
        _sections[section.Key] = section;
        return this;
    }

    public IProbeFactory? Find(string type) => _factories.GetValueOrDefault(type);

    /// <summary>The <c>auth.type</c>s that get a token at run time: the engine's own and the packs'.</summary>
    public Auth.TokenSourceTypes TokenSources { get; } = new();

    public ProbeRegistry Add(Auth.ITokenSourceType tokenSource)
    {
        TokenSources.Add(tokenSource);
        return this;
    }
}
