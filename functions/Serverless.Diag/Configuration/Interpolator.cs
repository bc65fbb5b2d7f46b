using System.Text;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Expands <c>${name}</c> from an environment's vars and <c>${env:NAME}</c> from the process
/// environment; <c>$${</c> writes a literal <c>${</c>. Anything that came from the process environment
/// is registered as a secret, and so is any credential found inside an expanded value.
/// </summary>
public sealed class Interpolator(
    IReadOnlyDictionary<string, ConfigScalar> vars,
    Func<string, string?> environmentVariables,
    string environmentName,
    ConfigDiagnostics diagnostics,
    SecretRedactor secrets)
{
    public ConfigNode Expand(ConfigNode node) => node switch
    {
        ConfigScalar scalar => Expand(scalar),
        ConfigSequence sequence => sequence with { Items = [.. sequence.Items.Select(Expand)] },
        ConfigMapping mapping => mapping with { Entries = [.. mapping.Entries.Select(e => new KeyValuePair<ConfigScalar, ConfigNode>(e.Key, Expand(e.Value)))] },
        _ => node,
    };

    public ConfigScalar Expand(ConfigScalar scalar) => Expand(scalar, depth: 0);

    private ConfigScalar Expand(ConfigScalar scalar, int depth)
    {
        var text = scalar.Value;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            RegisterCredentials(text);
            return scalar;
        }

        var output = new StringBuilder(text.Length);
        var isSecret = scalar.IsSecret;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                output.Append("${");
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
            var value = Resolve(name, at, depth, ref isSecret);
            output.Append(value);
            i = close + 1;
        }

        // The values taken from the environment are registered as secrets where they are read; the
        // composed string (a URL around a token) stays readable apart from them.
        var expanded = output.ToString();
        RegisterCredentials(expanded);
        return scalar with { Value = expanded, IsSecret = isSecret };
    }

    private void RegisterCredentials(string value)
    {
        foreach (var part in CredentialParts.Extract(value))
        {
            secrets.Add(part);
        }
    }

    private string Resolve(string name, SourceMark at, int depth, ref bool isSecret)
    {
        if (name.StartsWith("env:", StringComparison.Ordinal))
        {
            var variable = name[4..];
            var value = environmentVariables(variable);
            if (value is null)
            {
                diagnostics.Add(at, $"environment variable '{variable}' is not set");
                return string.Empty;
            }

            isSecret = true;
            secrets.Add(value);
            return value;
        }

        if (!vars.TryGetValue(name, out var variableNode))
        {
            var known = vars.Keys.Order(StringComparer.Ordinal).ToList();
            diagnostics.Add(at, $"undefined variable '{name}' in environment '{environmentName}'{Suggestions.DidYouMean(name, known)}" +
                (known.Count > 0 ? $" (defined: {string.Join(", ", known)})" : string.Empty));
            return string.Empty;
        }

        if (depth > 8)
        {
            diagnostics.Add(at, $"variable '{name}' refers to itself");
            return string.Empty;
        }

        // Vars may use ${env:...} and other vars; expand them where they are defined.
        var expanded = Expand(variableNode, depth + 1);
        isSecret |= expanded.IsSecret;
        return expanded.Value;
    }
}
