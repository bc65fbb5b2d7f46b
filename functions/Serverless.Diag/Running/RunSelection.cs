using Serverless.Diag.Configuration;

namespace Serverless.Diag.Running;

/// <summary>
/// The environments and checks a <see cref="RunFilter"/> selects. Naming something the config does not have
/// (an environment, a check, a tag), or a combination that selects no check at all, is refused: a run that
/// quietly does nothing would pass.
/// </summary>
internal static class RunSelection
{
    /// <exception cref="SelectionException">The filter names something unknown or selects nothing.</exception>
    public static (List<EnvironmentDefinition> Environments, List<CheckDefinition> Checks) Select(DiagConfig config, RunFilter filter)
    {
        var environments = SelectEnvironments(config, filter);
        var checks = SelectChecks(config, filter);
        var filtered = filter.Environments.Count > 0 || filter.Checks.Count > 0 || filter.Tags.Count > 0;
        if (filtered && config.Checks.Count > 0 && !environments.Any(e => checks.Any(c => c.RunsIn(e.Name))))
        {
            throw new SelectionException(
                $"the selection ({Describe(filter)}) matches no check",
                [.. config.Checks.Select(c => c.Name)]);
        }

        return (environments, checks);
    }

    private static List<EnvironmentDefinition> SelectEnvironments(DiagConfig config, RunFilter filter)
    {
        if (filter.Environments.Count == 0)
        {
            return [.. config.Environments];
        }

        var names = config.Environments.Select(e => e.Name).ToList();
        foreach (var name in filter.Environments.Where(n => !names.Contains(n, StringComparer.Ordinal)))
        {
            throw new SelectionException($"unknown environment '{name}'{Suggestions.DidYouMean(name, names)}", names);
        }

        return [.. config.Environments.Where(e => filter.Environments.Contains(e.Name, StringComparer.Ordinal))];
    }

    private static List<CheckDefinition> SelectChecks(DiagConfig config, RunFilter filter)
    {
        var names = config.Checks.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in filter.Checks.Where(n => !names.Contains(n)))
        {
            throw new SelectionException($"unknown check '{name}'{Suggestions.DidYouMean(name, names)}", [.. config.Checks.Select(c => c.Name)]);
        }

        if (filter.Tags.Count > 0)
        {
            var tags = config.Checks.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var tag in filter.Tags.Where(t => !tags.Contains(t, StringComparer.Ordinal)))
            {
                throw new SelectionException(
                    tags.Count == 0 ? $"unknown tag '{tag}': no check has tags" : $"unknown tag '{tag}'{Suggestions.DidYouMean(tag, tags)}",
                    tags);
            }
        }

        var wanted = filter.Checks.ToHashSet(StringComparer.Ordinal);
        return [.. config.Checks.Where(c =>
            (wanted.Count == 0 || wanted.Contains(c.Name)) &&
            (filter.Tags.Count == 0 || c.Tags.Any(t => filter.Tags.Contains(t, StringComparer.Ordinal))))];
    }

    private static string Describe(RunFilter filter)
    {
        var parts = new List<string>();
        if (filter.Environments.Count > 0)
        {
            parts.Add($"environments: {string.Join(", ", filter.Environments)}");
        }

        if (filter.Checks.Count > 0)
        {
            parts.Add($"checks: {string.Join(", ", filter.Checks)}");
        }

        if (filter.Tags.Count > 0)
        {
            parts.Add($"tags: {string.Join(", ", filter.Tags)}");
        }

        return string.Join("; ", parts);
    }
}
