using System.Globalization;

namespace Serverless.Diag.Redis;

/// <summary>
/// The text of INFO (<c># Section</c> headers, <c>key:value</c> lines). Read from INFO rather than CONFIG: CONFIG is
/// disabled on Azure Cache for Redis and other managed services, INFO is not.
/// </summary>
internal sealed class RedisInfo
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sectionOf = new(StringComparer.Ordinal);

    public static RedisInfo Parse(string text)
    {
        var info = new RedisInfo();
        var section = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon];
            info._values[key] = line[(colon + 1)..];
            info._sectionOf[key] = section;
        }

        return info;
    }

    public IEnumerable<string> Keys => _values.Keys;

    public string? this[string key] => _values.GetValueOrDefault(key);

    public string? SectionOf(string key) => _sectionOf.GetValueOrDefault(key);

    public double? Number(string key) =>
        _values.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The <c>db0:keys=1,expires=0,avg_ttl=0</c> lines of the Keyspace section.</summary>
    public IEnumerable<KeyValuePair<string, string>> Keyspace => _values.Where(v => _sectionOf[v.Key] == "Keyspace");

    /// <summary>Keys with and without a TTL, over every database.</summary>
    public (double Keys, double Expires) KeyTotals()
    {
        double keys = 0, expires = 0;
        foreach (var (_, value) in Keyspace)
        {
            foreach (var part in value.Split(','))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && double.TryParse(part.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                {
                    switch (part[..eq])
                    {
                        case "keys":
                            keys += n;
                            break;
                        case "expires":
                            expires += n;
                            break;
                    }
                }
            }
        }

        return (keys, expires);
    }
}
