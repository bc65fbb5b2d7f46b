namespace Serverless.Diag.Configuration;

/// <summary>
/// A top-level block of diag.yaml that a pack owns (the GitHub pack's <c>github:</c> incident policy), with the
/// keys it adds to every check. As a probe factory reads its check's settings, the owner reads and validates its
/// block: the engine routes the nodes to it, refuses keys nobody declared and lists the keys in the schema, but
/// knows nothing of what they mean. Hosts register sections on the <see cref="Probes.ProbeRegistry"/>.
/// </summary>
public interface IConfigSection
{
    /// <summary>The top-level key (<c>github</c>).</summary>
    string Key { get; }

    /// <summary>The keys of the block, for the unknown-key check and the schema.</summary>
    IReadOnlyList<SettingKey> Keys { get; }

    /// <summary>Keys this section adds to every check (and to <c>defaults:</c>); they never reach the probe.</summary>
    IReadOnlyList<SettingKey> CheckKeys { get; }

    /// <summary>
    /// Reads the block (null when the config has none) and each check's own keys, reporting problems through
    /// <paramref name="reader"/> at their position. Returns the settings the owner will find again with
    /// <see cref="DiagConfig.Section{T}"/>. Must not do I/O.
    /// </summary>
    object Read(ConfigMapping? block, IReadOnlyList<SectionCheck> checks, NodeReader reader);
}

/// <summary>
/// A section whose block is a list of mappings (<c>notify:</c>, one entry per channel). <see cref="IConfigSection.Keys"/>
/// are the keys of each entry; <see cref="ReadList"/> reads the list instead of <see cref="IConfigSection.Read"/>.
/// </summary>
public interface IConfigListSection : IConfigSection
{
    /// <summary>Reads the list (null when the config has none), reporting problems through <paramref name="reader"/>. Must not do I/O.</summary>
    object ReadList(ConfigSequence? block, NodeReader reader);
}

/// <summary>How a key's value is written, for the schema.</summary>
public enum SettingKind
{
    Text,
    Integer,
    Boolean,
    List,
    Map,
}

/// <summary>One key a section declares: its name, how it is written and what it means (shown by editors).</summary>
public sealed record SettingKey(string Name, SettingKind Kind, string Description);

/// <summary>One check's values for a section's <see cref="IConfigSection.CheckKeys"/>, <c>defaults:</c> applied.</summary>
public sealed record SectionCheck(string Name, ConfigMapping Settings);
