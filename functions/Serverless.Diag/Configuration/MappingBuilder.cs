namespace Serverless.Diag.Configuration;

/// <summary>
/// Builds one mapping's entries in linear time: duplicate keys are reported, and YAML merge keys
/// (<c>&lt;&lt;: *base</c> or <c>&lt;&lt;: [*a, *b]</c>) add the entries not written in the mapping itself.
/// </summary>
internal sealed class MappingBuilder(ConfigDiagnostics diagnostics)
{
    private const string MergeKey = "<<";

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public List<KeyValuePair<ConfigScalar, ConfigNode>> Entries { get; } = [];

    public void Add(ConfigNode keyNode, ConfigNode value)
    {
        if (keyNode is not ConfigScalar key)
        {
            diagnostics.Add(keyNode, "a mapping key must be a plain name");
            return;
        }

        if (key.Value == MergeKey && !key.Quoted && Merge(value))
        {
            return;
        }

        if (!_written.Add(key.Value))
        {
            diagnostics.Add(key, $"duplicate key '{key.Value}'");
            return;
        }

        // Entries written here win over merged ones, wherever the merge key stands.
        if (_index.TryGetValue(key.Value, out var merged))
        {
            Entries[merged] = new(key, value);
            return;
        }

        _index[key.Value] = Entries.Count;
        Entries.Add(new(key, value));
    }

    private bool Merge(ConfigNode value)
    {
        switch (value)
        {
            case ConfigMapping mapping:
                MergeEntries(mapping);
                return true;
            case ConfigSequence { Items: var items } when items.All(i => i is ConfigMapping):
                // In a list of merged mappings the earlier one wins.
                foreach (var item in items)
                {
                    MergeEntries((ConfigMapping)item);
                }

                return true;
            default:
                return false;
        }
    }

    private void MergeEntries(ConfigMapping merged)
    {
        foreach (var entry in merged.Entries)
        {
            if (_index.TryAdd(entry.Key.Value, Entries.Count))
            {
                Entries.Add(entry);
            }
        }
    }
}
