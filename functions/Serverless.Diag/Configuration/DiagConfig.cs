namespace Serverless.Diag.Configuration;

/// <summary>A loaded, statically valid <c>diag.yaml</c>.</summary>
public sealed record DiagConfig
{
    public required string SourcePath { get; init; }

    public int Version { get; init; } = 1;

    /// <summary>What each registered <see cref="IConfigSection"/> read, by its key.</summary>
    public IReadOnlyDictionary<string, object> Sections { get; init; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public required IReadOnlyList<EnvironmentDefinition> Environments { get; init; }

    public required IReadOnlyList<CheckDefinition> Checks { get; init; }

    /// <summary>
    /// Problems found while loading (a config loaded with its problems deferred); the planner refuses the
    /// config with them and its own. Checks that could not be read are missing from <see cref="Checks"/>.
    /// </summary>
    public IReadOnlyList<ConfigError> Problems { get; init; } = [];

    /// <summary>The <c>state:</c> block (retention of the run history).</summary>
    public StateSettings State { get; init; } = new();

    /// <summary>The config's own cause rules (<c>causes:</c>), put to failing checks after the built-in ones.</summary>
    public IReadOnlyList<CauseDefinition> Causes { get; init; } = [];

    /// <summary>Planned maintenance windows (<c>maintenance:</c>, top level and per environment).</summary>
    public IReadOnlyList<MaintenanceWindow> Maintenance { get; init; } = [];

    public EnvironmentDefinition? FindEnvironment(string name) => Environments.FirstOrDefault(e => e.Name == name);

    public CheckDefinition? FindCheck(string name) => Checks.FirstOrDefault(c => c.Name == name);

    /// <summary>The settings a section read, or null when no such section was registered when the config was loaded.</summary>
    public T? Section<T>(string key)
        where T : class => Sections.GetValueOrDefault(key) as T;

    /// <summary>This config with <paramref name="settings"/> as section <paramref name="key"/>'s (hosts and tests that build a config in code).</summary>
    public DiagConfig WithSection(string key, object settings) =>
        this with { Sections = new Dictionary<string, object>(Sections, StringComparer.Ordinal) { [key] = settings } };
}
