namespace Serverless.Diag.Probes;

/// <summary>
/// The values a probe measured, by path. Values are <c>double</c> (durations in ms, sizes in bytes,
/// ratios 0..1), <c>string</c>, <c>bool</c>, <c>null</c> or a list of those. Paths under a prefix
/// such as <c>json</c> or <c>headers</c> can be resolved lazily, so a large body is never flattened.
/// </summary>
public sealed class Measurements
{
    private static readonly Dictionary<string, string> NoneAbsent = [];
    private static readonly List<(string Prefix, MeasurementResolver Resolve)> NoResolvers = [];

    // Room for what most probes set (an http check sets four to seven values) without growing.
    private readonly Dictionary<string, object?> _values = new(7, StringComparer.Ordinal);

    // Created on first use: most checks never need them, and every check of every run builds a Measurements.
    // A list, not a dictionary: a probe names a handful of absent paths at most (an http check: the three
    // connection phases of a reused connection and the body), and one is looked up only when asserted.
    private List<(string Path, string Reason)>? _absent;
    private List<(string Prefix, MeasurementResolver Resolve)>? _resolvers;
    private HashSet<string>? _hidden;

    /// <summary>
    /// The scalar values for a report (not the body, not resolver paths), each passed through
    /// <paramref name="map"/> (redaction). With nothing to map or hide, the report shares this instance's values
    /// instead of copying them: a probe's result is never written after its check is reported.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Export(Func<object?, object?>? map = null)
    {
        if (map is null && _hidden is null)
        {
            return _values;
        }

        var exported = new Dictionary<string, object?>(_values.Count, StringComparer.Ordinal);
        foreach (var (path, value) in _values)
        {
            if (_hidden?.Contains(path) != true)
            {
                exported[path] = map is null ? value : map(value);
            }
        }

        return exported;
    }

    public IReadOnlyDictionary<string, string> AbsentReasons =>
        _absent is null ? NoneAbsent : _absent.ToDictionary(a => a.Path, a => a.Reason, StringComparer.Ordinal);

    public void Set(string path, object? value, bool export = true)
    {
        Store(path, Normalize(value));
        if (!export)
        {
            (_hidden ??= new(StringComparer.Ordinal)).Add(path);
        }
    }

    /// <summary>A number: boxed once as the double it is stored as (an int or long would be boxed twice).</summary>
    public void Set(string path, double value) => Store(path, value);

    /// <summary>A duration, stored in milliseconds.</summary>
    public void Set(string path, TimeSpan value) => Store(path, value.TotalMilliseconds);

    private void Store(string path, object? normalized)
    {
        _values[path] = normalized;
        if (_absent is { } absent && IndexOfAbsent(absent, path) is var at and >= 0)
        {
            absent.RemoveAt(at);
        }
    }

    // A loop, not FindIndex with a lambda: a lambda capturing the path allocates on every call.
    private static int IndexOfAbsent(List<(string Path, string Reason)> absent, string path)
    {
        for (var i = 0; i < absent.Count; i++)
        {
            if (absent[i].Path == path)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The probe knows this value is not available here, and why (e.g. pg_stat_statements not loaded).</summary>
    public void SetAbsent(string path, string reason)
    {
        var absent = _absent ??= new(4);
        var at = IndexOfAbsent(absent, path);
        if (at >= 0)
        {
            absent[at] = (path, reason);
        }
        else
        {
            absent.Add((path, reason));
        }
    }

    /// <summary>Resolves <paramref name="prefix"/> itself and any path below it (<c>prefix.x</c>, <c>prefix[0]</c>).</summary>
    public void AddResolver(string prefix, MeasurementResolver resolve) => (_resolvers ??= []).Add((prefix, resolve));

    public bool Contains(string path) => Lookup(path).Found;

    public MeasurementLookup Lookup(string path)
    {
        if (_values.TryGetValue(path, out var value))
        {
            return MeasurementLookup.Of(value);
        }

        if (_absent is { } absent && IndexOfAbsent(absent, path) is var at and >= 0)
        {
            return MeasurementLookup.Missing(absent[at].Reason);
        }

        foreach (var (prefix, resolve) in _resolvers ?? NoResolvers)
        {
            if (path == prefix || (path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] is '.' or '['))
            {
                return resolve(path);
            }
        }

        return MeasurementLookup.Missing($"'{path}' was not measured");
    }

    private static object? Normalize(object? value) => value switch
    {
        null or string or bool or double => value,
        int i => (double)i,
        long l => (double)l,
        float f => (double)f,
        decimal d => (double)d,
        TimeSpan t => t.TotalMilliseconds,
        IEnumerable<object?> list => list.Select(Normalize).ToList(),
        _ => value.ToString(),
    };
}

public delegate MeasurementLookup MeasurementResolver(string path);

public readonly record struct MeasurementLookup(bool Found, object? Value, string? MissingReason)
{
    public static MeasurementLookup Of(object? value) => new(true, value, null);

    public static MeasurementLookup Missing(string reason) => new(false, null, reason);
}
