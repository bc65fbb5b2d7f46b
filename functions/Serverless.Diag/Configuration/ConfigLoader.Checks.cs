using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

public sealed partial class ConfigLoader
{
    private ConfigMapping ReadDefaults(NodeReader reader, ConfigNode? node)
    {
        if (reader.Mapping(node, "'defaults'") is not { } mapping)
        {
            return new ConfigMapping([], node?.Mark ?? SourceMark.None);
        }

        var known = CommonCheckKeys.Defaultable
            .Concat(registry.Types.SelectMany(t => registry.Find(t)!.SettingKeys))
            .Concat(SectionCheckKeys)
            .Distinct(StringComparer.Ordinal);
        reader.UnknownKeys(mapping, known, "'defaults'");
        return mapping;
    }

    private List<CheckDefinition> ReadChecks(NodeReader reader, ConfigNode? node, ConfigMapping defaults, List<EnvironmentDefinition> environments)
    {
        var checks = new List<CheckDefinition>();
        if (reader.Sequence(node, "'checks'") is not { } sequence)
        {
            return checks;
        }

        var firstSeen = new Dictionary<string, SourceMark>(StringComparer.Ordinal);
        var assertions = new AssertionCache();
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            if (reader.Mapping(item, "each check") is not { } mapping)
            {
                continue;
            }

            if (mapping[CommonCheckKeys.Name] is ConfigScalar { Value: var writtenName })
            {
                // A check refused for its type is still a check: naming it in depends_on is no second problem.
                written.Add(writtenName);
            }

            var check = ReadCheck(reader, mapping, defaults, environments, assertions);
            if (check is null)
            {
                continue;
            }

            if (firstSeen.TryGetValue(check.Name, out var first))
            {
                reader.Diagnostics.Add(check.Mark, $"duplicate check name '{check.Name}' (first defined at {first})");
                continue;
            }

            firstSeen[check.Name] = check.Mark;
            checks.Add(check);
        }

        CheckDependencies(reader.Diagnostics, checks, written);
        return checks;
    }

    private CheckDefinition? ReadCheck(NodeReader reader, ConfigMapping mapping, ConfigMapping defaults, List<EnvironmentDefinition> environments, AssertionCache assertions)
    {
        var diagnostics = reader.Diagnostics;
        var nameNode = reader.Scalar(mapping[CommonCheckKeys.Name], "'name'");
        var typeNode = reader.Scalar(mapping[CommonCheckKeys.Type], "'type'");
        if (nameNode is null || nameNode.Value.Length == 0)
        {
            diagnostics.Add(mapping, "a check needs a 'name'");
            return null;
        }

        var label = $"check '{nameNode.Value}'";
        if (typeNode is null)
        {
            diagnostics.Add(nameNode, $"{label} needs a 'type' ({string.Join(", ", registry.Types)})");
            return null;
        }

        var factory = registry.Find(typeNode.Value);
        if (factory is null)
        {
            diagnostics.Add(typeNode, $"unknown check type '{typeNode.Value}'{Suggestions.DidYouMean(typeNode.Value, registry.Types)} (known: {string.Join(", ", registry.Types)})");
            return null;
        }

        var merged = WithDefaults(mapping, defaults, factory);
        reader.UnknownKeys(mapping, CommonCheckKeys.All.Concat(factory.SettingKeys).Concat(SectionCheckKeys), $"{label} ({factory.Type})");

        var environmentNames = environments.Select(e => e.Name).ToList();
        IReadOnlyList<string>? onlyIn = null;
        if (merged[CommonCheckKeys.Environments] is { } envNode)
        {
            var names = reader.Names(envNode, "'environments'");
            foreach (var name in names.Where(n => !environmentNames.Contains(n.Value)))
            {
                diagnostics.Add(name, $"unknown environment '{name.Value}'{Suggestions.DidYouMean(name.Value, environmentNames)} (known: {string.Join(", ", environmentNames)})");
            }

            onlyIn = [.. names.Select(n => n.Value)];
        }

        var sectionKeys = SectionCheckKeys;
        var expect = ReadExpect(reader, merged[CommonCheckKeys.Expect], factory, assertions);
        var settings = new ConfigMapping(
            [.. merged.Entries.Where(e => !CommonCheckKeys.All.Contains(e.Key.Value) && !sectionKeys.Contains(e.Key.Value))],
            mapping.Mark);

        return new CheckDefinition
        {
            Name = nameNode.Value,
            Type = factory.Type,
            Mark = nameNode.Mark,
            Description = reader.Scalar(merged[CommonCheckKeys.Description], "'description'")?.Value,
            Severity = reader.Severity(merged[CommonCheckKeys.Severity], "'severity'") ?? Severity.P2,
            Timeout = reader.Duration(merged[CommonCheckKeys.Timeout], "'timeout'", TimeSpan.FromMilliseconds(1), ConfigLimits.MaxTimeout) ?? TimeSpan.FromSeconds(10),
            Retries = reader.Int(merged[CommonCheckKeys.Retries], "'retries'", 0, 10) ?? 0,
            RetryDelay = reader.Duration(merged[CommonCheckKeys.RetryDelay], "'retry_delay'", TimeSpan.Zero, ConfigLimits.MaxRetryDelay) ?? TimeSpan.FromSeconds(1),
            DependsOn = reader.Names(merged[CommonCheckKeys.DependsOn], "'depends_on'"),
            Environments = onlyIn,
            Tags = [.. reader.Names(merged[CommonCheckKeys.Tags], "'tags'").Select(t => t.Value)],
            Expect = expect,
            Baseline = ReadBaseline(reader, merged[CommonCheckKeys.Baseline]),
            Trend = ReadTrend(reader, merged[CommonCheckKeys.Trend], expect),
            Hints = [.. reader.Names(merged[CommonCheckKeys.Hints], "'hints'").Select(h => h.Value)],
            Memory = ReadMemory(reader, merged),
            OnFailureNames = reader.Names(merged[CommonCheckKeys.OnFailure], "'on_failure'"),
            FollowUpOnly = ReadSchedule(reader, merged[CommonCheckKeys.Schedule]),
            Trace = reader.Bool(merged[CommonCheckKeys.Trace], "'trace'") ?? true,
            Settings = settings,
            SectionSettings = new ConfigMapping([.. merged.Entries.Where(e => sectionKeys.Contains(e.Key.Value))], mapping.Mark),
        };
    }

    /// <summary>The keys config sections add to every check (<c>escalate_after</c> from the GitHub pack).</summary>
    private HashSet<string> SectionCheckKeys =>
        _sectionCheckKeys ??= registry.Sections.SelectMany(s => s.CheckKeys).Select(k => k.Name).ToHashSet(StringComparer.Ordinal);

    private static bool ReadSchedule(NodeReader reader, ConfigNode? node)
    {
        if (reader.Scalar(node, "'schedule'") is not { } schedule)
        {
            return false;
        }

        if (schedule.Value != "on_failure")
        {
            reader.Diagnostics.Add(schedule, $"unknown schedule '{schedule.Value}'{Suggestions.DidYouMean(schedule.Value, ["on_failure"])} (known: on_failure)");
        }

        return schedule.Value == "on_failure";
    }

    private ConfigMapping WithDefaults(ConfigMapping check, ConfigMapping defaults, IProbeFactory factory)
    {
        var entries = check.Entries.ToList();
        foreach (var entry in defaults.Entries)
        {
            var key = entry.Key.Value;
            var applies = CommonCheckKeys.Defaultable.Contains(key) || factory.SettingKeys.Contains(key) || SectionCheckKeys.Contains(key);
            if (applies && !check.Contains(key))
            {
                entries.Add(entry);
            }
        }

        return check with { Entries = entries };
    }

    private static List<ExpectLine> ReadExpect(NodeReader reader, ConfigNode? node, IProbeFactory factory, AssertionCache assertions)
    {
        var lines = new List<ExpectLine>();
        foreach (var item in reader.Sequence(node, "'expect'")?.Items ?? [])
        {
            var line = item switch
            {
                ConfigScalar scalar => new ExpectLine(scalar, IsWarning: false),
                ConfigMapping { Entries: [var only] } when only.Key.Value is "warn" or "fail" && only.Value is ConfigScalar text =>
                    new ExpectLine(text, IsWarning: only.Key.Value == "warn"),
                _ => null,
            };
            if (line is null)
            {
                reader.Diagnostics.Add(item, "each 'expect' line is an assertion such as 'status == 200', or 'warn: <assertion>'");
                continue;
            }

            // Lines with variables are parsed per environment by the planner, once their text is known.
            lines.Add(line.HasVariables ? line : line with { Parsed = assertions.Parse(line, factory, reader.Diagnostics) });
        }

        return lines;
    }

    private static void CheckDependencies(ConfigDiagnostics diagnostics, List<CheckDefinition> checks, HashSet<string> written)
    {
        var byName = checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var check in checks)
        {
            foreach (var dependency in check.DependsOn)
            {
                if (dependency.Value == check.Name)
                {
                    diagnostics.Add(dependency, $"check '{check.Name}' cannot depend on itself");
                }
                else if (!written.Contains(dependency.Value))
                {
                    diagnostics.Add(dependency, $"'depends_on' names unknown check '{dependency.Value}'{Suggestions.DidYouMean(dependency.Value, byName.Keys)}");
                }
            }
        }

        foreach (var check in checks)
        {
            foreach (var next in check.OnFailureNames)
            {
                if (next.Value == check.Name)
                {
                    diagnostics.Add(next, $"check '{check.Name}' cannot be its own follow-up");
                }
                else if (!written.Contains(next.Value))
                {
                    diagnostics.Add(next, $"'on_failure' names unknown check '{next.Value}'{Suggestions.DidYouMean(next.Value, byName.Keys)}");
                }
            }
        }

        foreach (var cycle in DependencyCycles.Find(checks))
        {
            diagnostics.Add(cycle[0].Mark, $"dependency cycle: {string.Join(" -> ", cycle.Select(c => c.Name).Append(cycle[0].Name))}");
        }
    }
}
