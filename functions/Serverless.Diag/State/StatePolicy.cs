using Serverless.Diag.Configuration;

namespace Serverless.Diag.State;

/// <summary>A check's effective thresholds (check, then <c>defaults:</c>, then <c>github:</c>), and what needs a store.</summary>
public static class StatePolicy
{
    public const string StoreSettingHint = "set DIAG_STATE or pass --state (a directory, a table endpoint or a storage connection string)";

    /// <summary>Without any setting: the first failure opens, two passing runs close (the incident sinks' default).</summary>
    public const int DefaultFailureThreshold = 1;

    public const int DefaultSuccessThreshold = 2;

    public static int FailureThreshold(CheckDefinition check, DiagConfig config) =>
        check.Memory.FailureThreshold ?? Defaults(config)?.FailureThreshold ?? DefaultFailureThreshold;

    public static int SuccessThreshold(CheckDefinition check, DiagConfig config) =>
        check.Memory.SuccessThreshold ?? Defaults(config)?.SuccessThreshold ?? DefaultSuccessThreshold;

    private static IIncidentThresholds? Defaults(DiagConfig config) => config.Sections.Values.OfType<IIncidentThresholds>().FirstOrDefault();

    /// <exception cref="ConfigException">A setting needs memory across runs and no store is configured; every such setting is named.</exception>
    public static void RequireStoreIfNeeded(DiagConfig config, bool storeConfigured)
    {
        if (storeConfigured)
        {
            return;
        }

        var errors = new List<ConfigError>();
        if (Defaults(config)?.FailureThresholdNode is { } node)
        {
            errors.Add(new ConfigError(node.Mark, $"'failure_threshold: {node.Value}' counts failures across runs and needs a state store: {StoreSettingHint}"));
        }

        // A value set in 'defaults:' is one mistake, however many checks inherit it: one error at its line.
        foreach (var group in config.Checks.Where(c => c.Memory.NeedsStore is not null).GroupBy(c => c.Memory.NeedsStore!.Mark))
        {
            var first = group.First().Memory;
            var names = string.Join(", ", group.Select(c => c.Name).Take(5)) + (group.Count() > 5 ? $" and {group.Count() - 5} more" : string.Empty);
            errors.Add(new ConfigError(group.Key, $"'{first.NeedsStoreKey}: {first.NeedsStore!.Value}' (check {names}) needs memory across runs: {StoreSettingHint}"));
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }
}
