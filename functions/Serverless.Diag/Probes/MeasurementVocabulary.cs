namespace Serverless.Diag.Probes;

/// <summary>
/// The paths a check type can measure: exact names (<c>status</c>) and open prefixes (<c>json.*</c>,
/// <c>status.*</c>). Lets the loader refuse <c>lateny &lt; 2s</c> before anything runs.
/// </summary>
public sealed class MeasurementVocabulary
{
    private readonly HashSet<string> _exact = new(StringComparer.Ordinal);
    private readonly List<string> _prefixes = [];

    public MeasurementVocabulary(params string[] paths)
    {
        foreach (var path in paths)
        {
            if (path.EndsWith(".*", StringComparison.Ordinal))
            {
                var prefix = path[..^2];
                _prefixes.Add(prefix);
                _exact.Add(prefix);
            }
            else
            {
                _exact.Add(path);
            }
        }
    }

    /// <summary>Anything goes: the names come from the config (e.g. the metrics check's named values).</summary>
    public static MeasurementVocabulary Open { get; } = new("*.*");

    public IEnumerable<string> Names => _exact.Concat(_prefixes.Select(p => p + ".*")).Distinct().Order(StringComparer.Ordinal);

    public bool Knows(string path)
    {
        if (_prefixes.Contains("*") || _exact.Contains(path))
        {
            return true;
        }

        return _prefixes.Any(p => path.Length > p.Length && path.StartsWith(p, StringComparison.Ordinal) && path[p.Length] is '.' or '[');
    }
}
