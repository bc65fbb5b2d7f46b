using Serverless.Diag.Configuration;

namespace Serverless.Diag.State;

/// <summary>A check's effective thresholds (check, then <c>defaults:</c>, then <c>github:</c>), and what needs a store.</summary>
public static class StatePolicy
{
    public const string StoreSettingHint = "set DIAG_STATE or pass --state (a directory, a table endpoint or a storage connection string)";

    public static int FailureThreshold(CheckDefinition check, DiagConfig config) =>
        check.Memory.FailureThreshold ?? config.GitHub.FailureThreshold;

    public static int SuccessThreshold(CheckDefinition check, DiagConfig config) =>
        check.Memory.SuccessThreshold ?? config.GitHub.CloseAfter;

    /// <exception cref="ConfigException">A setting needs memory across runs and no store is configured; every such setting is named.</exception>
    public static void RequireStoreIfNeeded(DiagConfig config, bool storeConfigured)
    {
        if (storeConfigured)
        {
            return;
        }

        var errors = new List<ConfigError>();
        if (config.GitHub.FailureThresholdNode is { } node)
        {
            errors.Add(new ConfigError(node.Mark, $"'github.failure_threshold: {node.Value}' counts failures across runs and needs a state store: {StoreSettingHint}"));
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
