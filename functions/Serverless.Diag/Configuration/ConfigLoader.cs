using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Reads diag.yaml into a <see cref="DiagConfig"/>, refusing it with every problem at once. What can
/// only be known per environment (variables, probe settings) is checked by the planner.
/// </summary>
public sealed partial class ConfigLoader(ProbeRegistry registry)
{
    public const string DefaultEnvironmentName = "default";

    private static readonly string[] TopLevelKeys = ["version", "vars", "defaults", "environments", "checks", "causes", "state", MaintenanceKey];
    private static readonly string[] EnvironmentKeys = ["vars", "allow_load", "description", MaintenanceKey];

    private HashSet<string>? _sectionCheckKeys;

    /// <exception cref="ConfigException">The file is missing or invalid.</exception>
    public DiagConfig Load(string path) => Load(path, deferProblems: false);

    /// <param name="deferProblems">
    /// Return what could be read, with its problems in <see cref="DiagConfig.Problems"/>, so the planner reports
    /// them together with its own (an unknown type in one check and an undefined var in another, at once).
    /// Only a file that is not a YAML mapping at all is refused here.
    /// </param>
    /// <exception cref="ConfigException">The file is missing or invalid.</exception>
    public DiagConfig Load(string path, bool deferProblems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(new SourceMark(path, 0, 0), $"cannot read the config file: {e.Message}");
        }

        return Parse(text, path, deferProblems);
    }

    /// <exception cref="ConfigException">The text is invalid.</exception>
    public DiagConfig Parse(string yaml, string fileName) => Parse(yaml, fileName, deferProblems: false);

    /// <exception cref="ConfigException">The text is invalid (with <paramref name="deferProblems"/>: not a YAML mapping).</exception>
    public DiagConfig Parse(string yaml, string fileName, bool deferProblems)
    {
        var diagnostics = new ConfigDiagnostics();
        var reader = new NodeReader(diagnostics);
        var root = YamlTreeReader.Read(yaml, fileName, diagnostics);
        diagnostics.ThrowIfAny();
        if (root is not ConfigMapping top)
        {
            throw new ConfigException(root?.Mark ?? new SourceMark(fileName, 1, 1), "the config must be a mapping with 'version', 'environments' and 'checks'");
        }

        reader.UnknownKeys(top, TopLevelKeys.Concat(registry.Sections.Select(s => s.Key)), "the config");
        var version = reader.Int(top["version"], "'version'", 1, 1) ?? 1;
        var sharedVars = ReadVars(reader, top["vars"], "'vars'");
        var defaults = ReadDefaults(reader, top["defaults"]);
        var environments = ReadEnvironments(reader, top["environments"], sharedVars, new SourceMark(fileName, 1, 1));
        var checks = ReadChecks(reader, top["checks"], defaults, environments);
        var state = ReadState(reader, top["state"]);
        CheckWindowsAgainstRetention(reader, checks, state);
        var causes = ReadCauses(reader, top["causes"], checks);
        var maintenance = ReadMaintenance(reader, top, environments, checks);
        if (top["checks"] is null)
        {
            diagnostics.Add(top, "the config has no 'checks'");
        }

        var sections = ReadSections(reader, top, checks);
        if (!deferProblems)
        {
            diagnostics.ThrowIfAny();
        }

        return new DiagConfig
        {
            Problems = diagnostics.HasErrors ? diagnostics.Sorted() : [],
            SourcePath = fileName,
            Version = version,
            Sections = sections,
            Environments = environments,
            Checks = checks,
            State = state,
            Causes = causes,
            Maintenance = maintenance,
        };
    }

    /// <summary>Each section reads its block and its keys of every check; the engine only routes the nodes.</summary>
    private Dictionary<string, object> ReadSections(NodeReader reader, ConfigMapping top, List<CheckDefinition> checks)
    {
        var sections = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var section in registry.Sections)
        {
            if (section is IConfigListSection list)
            {
                sections[section.Key] = list.ReadList(reader.Sequence(top[section.Key], $"'{section.Key}'"), reader);
                continue;
            }

            var block = reader.Mapping(top[section.Key], $"'{section.Key}'");
            if (block is not null)
            {
                reader.UnknownKeys(block, section.Keys.Select(k => k.Name), $"'{section.Key}'");
            }

            var keys = section.CheckKeys.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);
            var perCheck = checks
                .Select(c => new SectionCheck(c.Name, new ConfigMapping([.. c.SectionSettings.Entries.Where(e => keys.Contains(e.Key.Value))], c.Mark)))
                .ToList();
            sections[section.Key] = section.Read(block, perCheck, reader);
        }

        return sections;
    }

    private static Dictionary<string, ConfigScalar> ReadVars(NodeReader reader, ConfigNode? node, string what)
    {
        var vars = new Dictionary<string, ConfigScalar>(StringComparer.Ordinal);
        if (reader.Mapping(node, what) is not { } mapping)
        {
            return vars;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (reader.Scalar(value, $"variable '{key.Value}'") is { } scalar)
            {
                vars[key.Value] = scalar;
            }
        }

        return vars;
    }

    private static List<EnvironmentDefinition> ReadEnvironments(NodeReader reader, ConfigNode? node, Dictionary<string, ConfigScalar> sharedVars, SourceMark fileStart)
    {
        var environments = new List<EnvironmentDefinition>();
        if (reader.Mapping(node, "'environments'") is not { } mapping)
        {
            // No environments: the checks run once, in an implicit one.
            environments.Add(new EnvironmentDefinition(DefaultEnvironmentName, sharedVars, AllowLoad: false, fileStart));
            return environments;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            var body = reader.Mapping(value, $"environment '{key.Value}'");
            var vars = new Dictionary<string, ConfigScalar>(sharedVars, StringComparer.Ordinal);
            var allowLoad = false;
            if (body is not null)
            {
                reader.UnknownKeys(body, EnvironmentKeys, $"environment '{key.Value}'");
                foreach (var (name, scalar) in ReadVars(reader, body["vars"], $"'environments.{key.Value}.vars'"))
                {
                    vars[name] = scalar;
                }

                allowLoad = reader.Bool(body["allow_load"], "'allow_load'") ?? false;
            }

            environments.Add(new EnvironmentDefinition(key.Value, vars, allowLoad, key.Mark));
        }

        return environments;
    }
}
