using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes;

/// <summary>
/// One check type (<c>http</c>, <c>postgres</c>...). A singleton per run, so it may share expensive
/// things between its probes (an HTTP handler, for instance). A new check type is one folder and one
/// registration in <see cref="ProbeRegistry"/>.
/// </summary>
public interface IProbeFactory
{
    /// <summary>The <c>type:</c> of the check.</summary>
    string Type { get; }

    /// <summary>The settings this type understands besides the common ones (name, expect, timeout...).</summary>
    IReadOnlyCollection<string> SettingKeys { get; }

    /// <summary>The paths this type can measure, so a path it never measures is refused at load time.</summary>
    MeasurementVocabulary Vocabulary { get; }

    /// <summary>
    /// Whether this type's checks put load on the target (a burst of requests): they run only where the environment
    /// says <c>allow_load: true</c> and the entry point allows load checks.
    /// </summary>
    bool PutsLoad => false;

    /// <summary>
    /// Settings that need more in the config schema than "a setting of this type": what they mean and the values they
    /// take. Optional: most settings are described in the docs only.
    /// </summary>
    IReadOnlyDictionary<string, SettingSchema> SettingSchemas => SettingSchema.None;

    /// <summary>
    /// Variables this check fills in itself at run time (a flow's captures), read from its settings as written: the
    /// planner leaves their <c>${name}</c> in place instead of refusing them as undefined.
    /// </summary>
    IReadOnlySet<string> RuntimeVariables(ConfigMapping settings) => NoRuntimeVariables;

    /// <summary>No runtime variables.</summary>
    static IReadOnlySet<string> NoRuntimeVariables { get; } = new HashSet<string>();

    /// <summary>
    /// Reads and validates the settings, reporting problems through <paramref name="settings"/>.
    /// Returns null when the settings are invalid. Must not do I/O.
    /// </summary>
    IProbe? Create(CheckSettings settings);
}
