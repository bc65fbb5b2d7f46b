namespace Serverless.Diag.Probes;

/// <summary>The check types a host knows. Hosts compose it from the engine's probes and the driver packs.</summary>
public sealed class ProbeRegistry
{
    private readonly Dictionary<string, IProbeFactory> _factories = new(StringComparer.Ordinal);

    public ProbeRegistry(IEnumerable<IProbeFactory> factories)
    {
        foreach (var factory in factories)
        {
            Add(factory);
        }
    }

    public IEnumerable<string> Types => _factories.Keys.Order(StringComparer.Ordinal);

    public ProbeRegistry Add(IProbeFactory factory)
    {
        _factories[factory.Type] = factory;
        return this;
    }

    public IProbeFactory? Find(string type) => _factories.GetValueOrDefault(type);
}
