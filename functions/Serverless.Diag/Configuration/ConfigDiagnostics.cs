namespace Serverless.Diag.Configuration;

/// <summary>Collects every problem of a config file so they are all reported at once.</summary>
public sealed class ConfigDiagnostics
{
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<ConfigError> _seen = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public void Add(SourceMark mark, string message)
    {
        // The same check is planned once per environment; its problems are reported once.
        var error = new ConfigError(mark, message);
        if (_seen.Add(error))
        {
            _errors.Add(error);
        }
    }

    public void Add(ConfigNode node, string message) => Add(node.Mark, message);

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new ConfigException(Sorted());
        }
    }

    public IReadOnlyList<ConfigError> Sorted() =>
        [.. _errors.OrderBy(e => e.Mark.File, StringComparer.Ordinal).ThenBy(e => e.Mark.Line).ThenBy(e => e.Mark.Column)];
}
