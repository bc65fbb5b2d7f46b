namespace Serverless.Diag.Configuration;

/// <summary>
/// The config file as a tree that remembers where every value came from, so every problem can be
/// reported as file:line:col. YamlDotNet's representation model is mapped onto this once, which keeps
/// the rest of the engine free of YAML types.
/// </summary>
public abstract record ConfigNode(SourceMark Mark);

/// <param name="Quoted">Written in quotes: a string, never a number or a boolean.</param>
/// <param name="IsSecret">The value (or part of it) came from the process environment or a credential.</param>
/// <param name="Unresolved">
/// The value uses a reference that could not be resolved: an undefined or circular variable (already reported),
/// or an environment variable that is not set. The value is incomplete, so nothing is to be concluded from it.
/// </param>
public sealed record ConfigScalar(string Value, SourceMark Mark, bool Quoted = false, bool IsSecret = false, bool Unresolved = false) : ConfigNode(Mark)
{
    /// <summary>Column where the text itself starts (after an opening quote).</summary>
    public SourceMark TextStart => Quoted ? Mark.Offset(1) : Mark;
}

public sealed record ConfigSequence(IReadOnlyList<ConfigNode> Items, SourceMark Mark) : ConfigNode(Mark);

public sealed record ConfigMapping(IReadOnlyList<KeyValuePair<ConfigScalar, ConfigNode>> Entries, SourceMark Mark) : ConfigNode(Mark)
{
    public ConfigNode? this[string key] => IndexOf(key) is var at and >= 0 ? Entries[at].Value : null;

    public ConfigScalar? KeyOf(string key) => IndexOf(key) is var at and >= 0 ? Entries[at].Key : null;

    public bool Contains(string key) => IndexOf(key) >= 0;

    // A loop over the list: planning looks keys up thousands of times, and LINQ with a capturing lambda
    // allocates a closure and an enumerator for each.
    private int IndexOf(string key)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Value == key)
            {
                return i;
            }
        }

        return -1;
    }
}
