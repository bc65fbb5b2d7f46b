using System.Globalization;

namespace Serverless.Diag.Configuration;

/// <summary>Typed reads of config nodes that report a wrong shape at its position and carry on; also what config sections read with.</summary>
public sealed class NodeReader(ConfigDiagnostics diagnostics)
{
    public ConfigDiagnostics Diagnostics => diagnostics;

    public ConfigMapping? Mapping(ConfigNode? node, string what)
    {
        switch (node)
        {
            case null:
                return null;
            case ConfigMapping mapping:
                return mapping;
            case ConfigScalar { Value: "" }:
                return null;
            default:
                diagnostics.Add(node, $"{what} must be a mapping (name: value)");
                return null;
        }
    }

    public ConfigSequence? Sequence(ConfigNode? node, string what)
    {
        switch (node)
        {
            case null:
                return null;
            case ConfigSequence sequence:
                return sequence;
            case ConfigScalar { Value: "" }:
                return null;
            default:
                diagnostics.Add(node, $"{what} must be a list");
                return null;
        }
    }

    public ConfigScalar? Scalar(ConfigNode? node, string what)
    {
        switch (node)
        {
            case null:
                return null;
            case ConfigScalar scalar:
                return scalar;
            default:
                diagnostics.Add(node, $"{what} must be a single value");
                return null;
        }
    }

    /// <summary>A list of names, also accepting a single name.</summary>
    public IReadOnlyList<ConfigScalar> Names(ConfigNode? node, string what)
    {
        switch (node)
        {
            case null:
                return [];
            case ConfigScalar scalar:
                return scalar.Value.Length == 0 ? [] : [scalar];
            case ConfigSequence sequence:
                var names = new List<ConfigScalar>();
                foreach (var item in sequence.Items)
                {
                    if (Scalar(item, $"each of {what}") is { } s)
                    {
                        names.Add(s);
                    }
                }

                return names;
            default:
                diagnostics.Add(node, $"{what} must be a list of names");
                return [];
        }
    }

    public TimeSpan? Duration(ConfigNode? node, string what)
    {
        if (Scalar(node, what) is not { } scalar)
        {
            return null;
        }

        if (Units.TryParseDuration(scalar.Value, out var duration))
        {
            return duration;
        }

        diagnostics.Add(scalar, $"{what} must be a duration such as 500ms, 10s or 5m, not '{scalar.Value}'");
        return null;
    }

    public int? Int(ConfigNode? node, string what, int min, int max)
    {
        if (Scalar(node, what) is not { } scalar)
        {
            return null;
        }

        if (int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        diagnostics.Add(scalar, $"{what} must be a whole number from {min} to {max}, not '{scalar.Value}'");
        return null;
    }

    public bool? Bool(ConfigNode? node, string what)
    {
        if (Scalar(node, what) is not { } scalar)
        {
            return null;
        }

        if (bool.TryParse(scalar.Value, out var value))
        {
            return value;
        }

        diagnostics.Add(scalar, $"{what} must be true or false, not '{scalar.Value}'");
        return null;
    }

    public Severity? Severity(ConfigNode? node, string what)
    {
        if (Scalar(node, what) is not { } scalar)
        {
            return null;
        }

        if (SeverityExtensions.TryParse(scalar.Value, out var severity))
        {
            return severity;
        }

        diagnostics.Add(scalar, $"{what} must be one of P0, P1, P2, P3, not '{scalar.Value}'");
        return null;
    }

    public void UnknownKeys(ConfigMapping mapping, IEnumerable<string> known, string where)
    {
        var knownList = known.ToList();
        foreach (var (key, _) in mapping.Entries)
        {
            if (!knownList.Contains(key.Value, StringComparer.Ordinal))
            {
                diagnostics.Add(key, $"unknown key '{key.Value}' in {where}{Suggestions.DidYouMean(key.Value, knownList)}");
            }
        }
    }
}
