using System.Globalization;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Configuration;

/// <summary>
/// A probe's view of its check's settings, already interpolated for one environment. Every accessor
/// reports a bad value at its position and returns null, so a factory reads all its settings and the
/// user sees every problem at once.
/// </summary>
public sealed class CheckSettings
{
    private readonly ConfigMapping _settings;
    private readonly ConfigDiagnostics _diagnostics;
    private readonly CheckSettings? _parent;
    private int _reported;

    public CheckSettings(CheckDefinition check, EnvironmentDefinition environment, ConfigMapping interpolated, ConfigDiagnostics diagnostics, SecretRedactor secrets)
    {
        Check = check;
        Environment = environment;
        _settings = interpolated;
        _diagnostics = diagnostics;
        Secrets = secrets;
    }

    private CheckSettings(CheckSettings parent, ConfigMapping nested)
        : this(parent.Check, parent.Environment, nested, parent._diagnostics, parent.Secrets)
    {
        _parent = parent;
        TokenSources = parent.TokenSources;
    }

    public CheckDefinition Check { get; }

    public EnvironmentDefinition Environment { get; }

    public SecretRedactor Secrets { get; }

    /// <summary>The <c>auth.type</c>s that get a token at run time: the engine's own, and the host's packs' when planned from a registry.</summary>
    public Probes.Auth.TokenSourceTypes TokenSources { get; init; } = Probes.Auth.TokenSourceTypes.BuiltIn;

    public ConfigMapping Raw => _settings;

    public bool Has(string key) => _settings.Contains(key);

    public ConfigNode? Node(string key) => _settings[key];

    public SourceMark MarkOf(string key) => _settings.KeyOf(key)?.Mark ?? Check.Mark;

    /// <summary>
    /// Whether any problem was reported through these settings: a reader reports each problem where it finds it and the
    /// factory asks once at the end, so no success flag needs threading through the readers.
    /// </summary>
    public bool HasErrors => _reported > 0;

    public void Error(string key, string message) => Report(MarkOf(key), message);

    public void Error(ConfigNode node, string message) => Report(node.Mark, message);

    public string? String(string key, bool required = false)
    {
        switch (_settings[key])
        {
            case null when required:
                Report(Check.Mark, $"check '{Check.Name}' ({Check.Type}) needs '{key}'");
                return null;
            case null:
                return null;
            case ConfigScalar scalar:
                return scalar.Value;
            case var other:
                Report(other, $"'{key}' must be a single value");
                return null;
        }
    }

    /// <summary>A string that is a secret as a whole (a connection string, a token): it is registered for redaction.</summary>
    public string? Secret(string key, bool required = false)
    {
        var value = String(key, required);
        Secrets.Add(value);
        return value;
    }

    /// <summary>A duration from 0 to <see cref="Units.MaxDuration"/>.</summary>
    public TimeSpan? Duration(string key) => Duration(key, TimeSpan.Zero, Units.MaxDuration);

    /// <summary>A duration within a range; anything outside is reported with the range.</summary>
    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max)
    {
        var range = $"from {Units.WriteDuration(min)} to {Units.WriteDuration(max)}";
        var ms = Parse(key, "a duration such as 500ms, 10s or 5m", static (string t, out double v) => Units.TryParseMilliseconds(t, out v));
        return InRange(key, ms, min.TotalMilliseconds, max.TotalMilliseconds, range) is { } valid ? TimeSpan.FromMilliseconds(valid) : null;
    }

    /// <summary>A size from 0 to 1024GB.</summary>
    public long? Size(string key) => Size(key, 0, Units.MaxSize);

    public long? Size(string key, long min, long max)
    {
        var range = $"from {Units.FormatSize(min)} to {Units.FormatSize(max)}";
        var bytes = Parse(key, "a size such as 512KB or 10MB", static (string t, out double v) => Units.TryParseBytes(t, out v));
        return InRange(key, bytes, min, max, range) is { } valid ? (long)valid : null;
    }

    public int? Int(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        // Parsed wide, so that 99999999999 is reported as out of range rather than as not a number.
        var range = $"between {min} and {max}";
        var value = Parse(key, "a whole number", static (string t, out double v) => double.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v) && double.IsFinite(v));
        return InRange(key, value, min, max, range) is { } valid ? (int)valid : null;
    }

    /// <summary>A finite number (NaN and infinities are refused).</summary>
    public double? Number(string key) => Number(key, double.MinValue, double.MaxValue);

    public double? Number(string key, double min, double max)
    {
        var range = $"between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}";
        var value = Parse(key, "a finite number", static (string t, out double v) => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v));
        return InRange(key, value, min, max, range);
    }

    public bool? Bool(string key) => Parse(key, "true or false", static (string t, out bool v) => bool.TryParse(t, out v));

    public TEnum? Enum<TEnum>(string key)
        where TEnum : struct, System.Enum
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        var normalized = text.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (System.Enum.TryParse<TEnum>(normalized, ignoreCase: true, out var value) && !int.TryParse(text, out _))
        {
            return value;
        }

        var names = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        Error(_settings[key]!, $"'{key}' must be one of {names}, not '{text}'");
        return null;
    }

    public IReadOnlyList<string>? List(string key)
    {
        switch (_settings[key])
        {
            case null:
                return null;
            case ConfigScalar scalar:
                return [scalar.Value];
            case ConfigSequence sequence:
                var items = new List<string>();
                foreach (var item in sequence.Items)
                {
                    if (item is ConfigScalar s)
                    {
                        items.Add(s.Value);
                    }
                    else
                    {
                        Report(item, $"'{key}' must be a list of values");
                    }
                }

                return items;
            case var other:
                Report(other, $"'{key}' must be a list");
                return null;
        }
    }

    public IReadOnlyDictionary<string, string>? Map(string key)
    {
        switch (_settings[key])
        {
            case null:
                return null;
            case ConfigMapping mapping:
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (k, v) in mapping.Entries)
                {
                    if (v is ConfigScalar s)
                    {
                        map[k.Value] = s.Value;
                    }
                    else
                    {
                        Report(v, $"'{key}.{k.Value}' must be a single value");
                    }
                }

                return map;
            case var other:
                Report(other, $"'{key}' must be a mapping of names to values");
                return null;
        }
    }

    public ConfigMapping? Mapping(string key)
    {
        switch (_settings[key])
        {
            case null:
                return null;
            case ConfigMapping mapping:
                return mapping;
            case var other:
                Report(other, $"'{key}' must be a mapping");
                return null;
        }
    }

    /// <summary>
    /// The same accessors over a mapping inside the check (a <c>flow</c> step): problems are reported, and counted, as the
    /// check's own.
    /// </summary>
    public CheckSettings Nested(ConfigMapping mapping) => new(this, mapping);

    // Counted here, not read back from the diagnostics: those drop a problem already reported for another environment.
    private void Report(SourceMark mark, string message)
    {
        _reported++;
        for (var parent = _parent; parent is not null; parent = parent._parent)
        {
            parent._reported++;
        }

        _diagnostics.Add(mark, message);
    }

    private void Report(ConfigNode node, string message) => Report(node.Mark, message);

    private double? InRange(string key, double? value, double min, double max, string range)
    {
        if (value is not { } v)
        {
            return null;
        }

        if (v < min || v > max)
        {
            Report(_settings[key]!, $"'{key}' must be {range}, not {Shown(_settings[key]!)}");
            return null;
        }

        return v;
    }

    private static string Shown(ConfigNode node) => node is ConfigScalar scalar ? NodeReader.Shown(scalar) : "a list or mapping";

    private delegate bool TryParser<T>(string text, out T value);

    private T? Parse<T>(string key, string expected, TryParser<T> parse)
        where T : struct
    {
        var node = _settings[key];
        if (node is null)
        {
            return null;
        }

        if (node is ConfigScalar scalar && parse(scalar.Value, out var value))
        {
            return value;
        }

        var shown = node is ConfigScalar ? $"'{Shown(node)}'" : Shown(node);
        Report(node, $"'{key}' must be {expected}, not {shown}");
        return null;
    }
}
