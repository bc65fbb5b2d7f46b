using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

public sealed partial class ConfigLoader
{
    private static readonly string[] CauseKeys = ["name", "when", "cause", "next_steps", "root"];

    private List<CauseDefinition> ReadCauses(NodeReader reader, ConfigNode? node, IReadOnlyList<CheckDefinition> checks)
    {
        var causes = new List<CauseDefinition>();
        var byName = checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in reader.Sequence(node, "'causes'")?.Items ?? [])
        {
            if (reader.Mapping(item, "each cause") is not { } mapping)
            {
                continue;
            }

            reader.UnknownKeys(mapping, CauseKeys, "a cause");
            var name = reader.Scalar(mapping["name"], "'name'");
            if (name is null || name.Value.Length == 0)
            {
                reader.Diagnostics.Add(mapping, "a cause needs a 'name'");
                continue;
            }

            if (!seen.Add(name.Value))
            {
                reader.Diagnostics.Add(name, $"duplicate cause name '{name.Value}'");
            }

            var conditions = ReadConditions(reader, mapping["when"], mapping, byName);
            var cause = reader.Scalar(mapping["cause"], "'cause'");
            if (cause is null || cause.Value.Trim().Length == 0)
            {
                reader.Diagnostics.Add(name, $"cause '{name.Value}' needs a 'cause' sentence");
            }

            var root = reader.Scalar(mapping["root"], "'root'");
            if (root is not null && !byName.ContainsKey(root.Value))
            {
                reader.Diagnostics.Add(root, $"'root' names unknown check '{root.Value}'{Suggestions.DidYouMean(root.Value, byName.Keys)}");
            }

            var steps = reader.Names(mapping["next_steps"], "'next_steps'").Select(s => s.Value).ToList();
            causes.Add(new CauseDefinition(name.Value, name.Mark, conditions, cause?.Value.Trim() ?? string.Empty, steps, root?.Value));
        }

        return causes;
    }

    private List<CauseCondition> ReadConditions(NodeReader reader, ConfigNode? node, ConfigMapping cause, Dictionary<string, CheckDefinition> checks)
    {
        var conditions = new List<CauseCondition>();
        if (node is null)
        {
            reader.Diagnostics.Add(cause, "a cause needs 'when': assertions by check name, e.g. 'orders-api: [status == 502]'");
            return conditions;
        }

        if (reader.Mapping(node, "'when'") is not { } when)
        {
            return conditions;
        }

        foreach (var (checkName, value) in when.Entries)
        {
            if (!checks.TryGetValue(checkName.Value, out var check))
            {
                reader.Diagnostics.Add(checkName, $"'when' names unknown check '{checkName.Value}'{Suggestions.DidYouMean(checkName.Value, checks.Keys)}");
                continue;
            }

            var lines = value is ConfigScalar single ? [single] : reader.Names(value, $"'when.{checkName.Value}'");
            foreach (var line in lines)
            {
                if (ParseCondition(reader.Diagnostics, line, registry.Find(check.Type)!) is { } assertion)
                {
                    conditions.Add(new CauseCondition(check.Name, assertion, line.Mark));
                }
            }
        }

        if (when.Entries.Count == 0)
        {
            reader.Diagnostics.Add(when, "'when' needs at least one check and assertion");
        }

        return conditions;
    }

    private static Assertion? ParseCondition(ConfigDiagnostics diagnostics, ConfigScalar line, IProbeFactory factory)
    {
        if (!AssertionParser.TryParse(line.Value, AssertionLevel.Fail, out var assertion, out var error))
        {
            diagnostics.Add(line.TextStart.Offset(error.Offset), $"invalid assertion: {error.Message}");
            return null;
        }

        var valid = true;
        foreach (var (path, offset) in assertion.Operands)
        {
            var root = path.Split('.', '[')[0];
            var at = line.TextStart.Offset(offset);
            if (CauseFacts.NotKept.Contains(root))
            {
                diagnostics.Add(at, $"'{path}' is read while the check runs and not kept for causes; use 'evidence contains \"...\"' (the report's evidence text)");
                valid = false;
            }
            else if (!CauseFacts.All.Contains(path) && !factory.Vocabulary.Knows(path))
            {
                var known = factory.Vocabulary.Names.Where(n => !CauseFacts.NotKept.Contains(n.Split('.', '[')[0])).Concat(CauseFacts.All).ToList();
                diagnostics.Add(at, $"'{path}' is not measured by {factory.Type} checks{Suggestions.DidYouMean(root, known)} (a cause may read: {string.Join(", ", known)})");
                valid = false;
            }
        }

        return valid ? assertion : null;
    }
}
