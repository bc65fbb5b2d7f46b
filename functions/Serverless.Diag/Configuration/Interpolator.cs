using System.Text;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Expands <c>${name}</c> from an environment's vars and <c>${env:NAME}</c> from the process
/// environment; <c>$${</c> writes a literal <c>${</c>. Anything that came from the process environment
/// is registered as a secret, and so is any credential found inside an expanded value.
/// </summary>
/// <remarks>
/// Each var is expanded once per environment and remembered, so a var used by a thousand checks, or vars
/// that double at every level (<c>a: ${b}${b}</c>, <c>b: ${c}${c}</c> ...), cost one expansion each; the
/// length of a value and the text produced in total are capped (<see cref="ConfigLimits"/>), so such vars
/// are refused at their position instead of filling memory.
/// </remarks>
public sealed class Interpolator(
    IReadOnlyDictionary<string, ConfigScalar> vars,
    Func<string, string?> environmentVariables,
    string environmentName,
    ConfigDiagnostics diagnostics,
    SecretRedactor secrets)
{
    private readonly Dictionary<string, ConfigScalar> _expandedVars = new(StringComparer.Ordinal);
    private readonly List<string> _resolving = [];

    // The unset environment variables each var uses, so a var expanded once still reports them at every use.
    private readonly Dictionary<string, List<(string Variable, SourceMark At)>> _unsetInVar = new(StringComparer.Ordinal);
    private readonly List<List<(string Variable, SourceMark At)>> _collecting = [];
    private long _produced;
    private bool _overBudget;
    private string? _definedList;

    /// <summary>
    /// When set, an unset <c>${env:NAME}</c> is not an error: it is passed here (name, position) and the value
    /// that uses it is marked <see cref="ConfigScalar.Unresolved"/>. <c>validate</c> without <c>--strict</c>.
    /// </summary>
    public Action<string, SourceMark>? OnUnsetEnvironmentVariable { get; init; }

    // Names a check fills in itself at run time (a flow's captures): left as ${name}, and every other '${' escaped as '$${'
    // so the check's own expansion cannot mistake a value for a reference.
    private IReadOnlySet<string>? _runtime;

    /// <summary>
    /// Expands everything but <paramref name="runtimeNames"/>, which stay <c>${name}</c> for the check to fill in at run time;
    /// a literal <c>${</c> (from <c>$${</c> or inside a value) stays escaped as <c>$${</c> for the check's own expansion.
    /// </summary>
    public ConfigNode Expand(ConfigNode node, IReadOnlySet<string> runtimeNames)
    {
        if (runtimeNames.Count == 0)
        {
            return Expand(node);
        }

        _runtime = runtimeNames;
        try
        {
            return Expand(node);
        }
        finally
        {
            _runtime = null;
        }
    }

    public ConfigNode Expand(ConfigNode node) => node switch
    {
        ConfigScalar scalar => Expand(scalar),
        ConfigSequence sequence => sequence with { Items = [.. sequence.Items.Select(Expand)] },
        ConfigMapping mapping => mapping with { Entries = [.. mapping.Entries.Select(e => new KeyValuePair<ConfigScalar, ConfigNode>(e.Key, Expand(e.Value)))] },
        _ => node,
    };

    public ConfigScalar Expand(ConfigScalar scalar)
    {
        var text = scalar.Value;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            RegisterCredentials(text);
            return scalar;
        }

        var output = new StringBuilder(text.Length);
        var isSecret = scalar.IsSecret;
        var unresolved = scalar.Unresolved;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                output.Append(_runtime is null ? "${" : "$${");
                i += 3;
                continue;
            }

            if (text[i] != '$' || i + 1 >= text.Length || text[i + 1] != '{')
            {
                output.Append(text[i++]);
                continue;
            }

            var close = text.IndexOf('}', i + 2);
            var at = scalar.TextStart.Offset(i);
            if (close < 0)
            {
                diagnostics.Add(at, "unterminated '${' (write '$${' for a literal)");
                return scalar;
            }

            var name = text[(i + 2)..close].Trim();
            if (_runtime is not null && _runtime.Contains(name))
            {
                output.Append(text, i, close + 1 - i);
                i = close + 1;
                continue;
            }

            var value = Resolve(name, at);
            if (_runtime is not null && value.Value.Contains("${", StringComparison.Ordinal))
            {
                value = value with { Value = value.Value.Replace("${", "$${", StringComparison.Ordinal) };
            }

            isSecret |= value.IsSecret;
            unresolved |= value.Unresolved;
            if (output.Length + value.Value.Length > ConfigLimits.MaxInterpolatedLength)
            {
                diagnostics.Add(scalar.Mark, $"this value expands to more than {ConfigLimits.MaxInterpolatedLength:N0} characters (the limit)");
                return scalar with { Value = string.Empty, IsSecret = isSecret, Unresolved = unresolved };
            }

            output.Append(value.Value);
            i = close + 1;
        }

        var expanded = output.ToString();
        if (!Produced(expanded.Length, scalar.Mark))
        {
            return scalar with { Value = string.Empty, IsSecret = isSecret, Unresolved = unresolved };
        }

        // The values taken from the environment are registered as secrets where they are read; the
        // composed string (a URL around a token) stays readable apart from them.
        RegisterCredentials(expanded);
        return scalar with { Value = expanded, IsSecret = isSecret, Unresolved = unresolved };
    }

    private bool Produced(int length, SourceMark at)
    {
        _produced += length;
        if (_produced <= ConfigLimits.MaxInterpolatedTotal)
        {
            return true;
        }

        if (!_overBudget)
        {
            _overBudget = true;
            diagnostics.Add(at, $"interpolation in environment '{environmentName}' produces more than {ConfigLimits.MaxInterpolatedTotal:N0} characters (the limit)");
        }

        return false;
    }

    private void RegisterCredentials(string value)
    {
        foreach (var part in CredentialParts.Extract(value))
        {
            secrets.Add(part);
        }
    }

    /// <summary>The value of one reference; only its Value, IsSecret and Unresolved matter.</summary>
    private ConfigScalar Resolve(string name, SourceMark at)
    {
        if (name.StartsWith("env:", StringComparison.Ordinal))
        {
            return ResolveEnvironment(name[4..], at);
        }

        if (_expandedVars.TryGetValue(name, out var known))
        {
            foreach (var (variable, unsetAt) in _unsetInVar.GetValueOrDefault(name) ?? [])
            {
                Unset(variable, unsetAt);
            }

            return known;
        }

        if (!vars.TryGetValue(name, out var variableNode))
        {
            if (!diagnostics.IsFull)
            {
                diagnostics.Add(at, $"undefined variable '{name}' in environment '{environmentName}'{Suggestions.DidYouMean(name, vars.Keys)}{DefinedList()}");
            }

            return Missing(at);
        }

        var cycleAt = _resolving.IndexOf(name);
        if (cycleAt >= 0)
        {
            var cycle = string.Join(" -> ", _resolving.Skip(cycleAt).Append(name));
            diagnostics.Add(at, $"variable '{name}' refers to itself ({cycle})");
            return Missing(at);
        }

        if (_resolving.Count >= ConfigLimits.MaxVariableDepth)
        {
            diagnostics.Add(at, $"variables refer to variables more than {ConfigLimits.MaxVariableDepth} levels deep (the limit), at '{name}'");
            return Missing(at);
        }

        // Vars may use ${env:...} and other vars; expand them where they are defined, once.
        _resolving.Add(name);
        _collecting.Add([]);
        var runtime = _runtime;
        _runtime = null; // a var is expanded once for every check: never with one check's runtime names
        var expanded = Expand(variableNode);
        _runtime = runtime;
        _resolving.RemoveAt(_resolving.Count - 1);
        var unset = _collecting[^1];
        _collecting.RemoveAt(_collecting.Count - 1);
        _expandedVars[name] = expanded;
        if (unset.Count > 0)
        {
            _unsetInVar[name] = unset;
        }

        return expanded;
    }

    private ConfigScalar ResolveEnvironment(string variable, SourceMark at)
    {
        var value = environmentVariables(variable);
        if (value is null)
        {
            if (OnUnsetEnvironmentVariable is not null)
            {
                Unset(variable, at);
                return Missing(at) with { IsSecret = true };
            }

            diagnostics.Add(at, $"environment variable '{variable}' is not set");
            return Missing(at) with { IsSecret = true };
        }

        secrets.Add(value);
        return new ConfigScalar(value, at, IsSecret: true);
    }

    /// <summary>A reference already reported: the value around it is incomplete, so nothing more is concluded from it.</summary>
    private static ConfigScalar Missing(SourceMark at) => new(string.Empty, at, Unresolved: true);

    private void Unset(string variable, SourceMark at)
    {
        OnUnsetEnvironmentVariable?.Invoke(variable, at);
        foreach (var collector in _collecting)
        {
            collector.Add((variable, at));
        }
    }

    private string DefinedList()
    {
        // Listing the vars helps with a handful; a config with thousands gets only the suggestion.
        return _definedList ??= vars.Count switch
        {
            0 => string.Empty,
            <= 30 => $" (defined: {string.Join(", ", vars.Keys.Order(StringComparer.Ordinal))})",
            _ => $" ({vars.Count:N0} variables are defined)",
        };
    }
}
