using System.Text;

namespace Serverless.Diag.Probes.Metrics.Exposition;

/// <summary>The labels of one sample, sorted by name so two series compare by value.</summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private readonly KeyValuePair<string, string>[] _labels;
    private string? _key;

    public LabelSet(IEnumerable<KeyValuePair<string, string>> labels)
    {
        _labels = [.. labels.OrderBy(l => l.Key, StringComparer.Ordinal)];
    }

    public static LabelSet Empty { get; } = new([]);

    public IReadOnlyList<KeyValuePair<string, string>> Labels => _labels;

    public int Count => _labels.Length;

    /// <summary>The value of a label; a missing label reads as the empty string, as PromQL matchers see it.</summary>
    public string this[string name]
    {
        get
        {
            foreach (var (key, value) in _labels)
            {
                if (key == name)
                {
                    return value;
                }
            }

            return string.Empty;
        }
    }

    public bool Has(string name) => _labels.Any(l => l.Key == name);

    public LabelSet Without(string name) => new(_labels.Where(l => l.Key != name));

    public bool Equals(LabelSet? other) => other is not null && Key == other.Key;

    public override bool Equals(object? obj) => obj is LabelSet other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Key);

    /// <summary>As Prometheus writes it: <c>{code="500",method="get"}</c>, or empty when there are no labels.</summary>
    public override string ToString() => Key;

    private string Key => _key ??= Format();

    private string Format()
    {
        if (_labels.Length == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        for (var i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(_labels[i].Key).Append("=\"");
            foreach (var c in _labels[i].Value)
            {
                switch (c)
                {
                    case '\\':
                        text.Append("\\\\");
                        break;
                    case '"':
                        text.Append("\\\"");
                        break;
                    case '\n':
                        text.Append("\\n");
                        break;
                    default:
                        text.Append(c);
                        break;
                }
            }

            text.Append('"');
        }

        return text.Append('}').ToString();
    }
}
