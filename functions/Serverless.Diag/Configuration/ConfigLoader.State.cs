namespace Serverless.Diag.Configuration;

/// <summary>The settings that need memory across runs: thresholds, intervals, the <c>state:</c> block.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] StateKeys = ["retention", "deploy_window"];

    private static StateSettings ReadState(NodeReader reader, ConfigNode? node)
    {
        if (reader.Mapping(node, "'state'") is not { } mapping)
        {
            return new StateSettings();
        }

        reader.UnknownKeys(mapping, StateKeys, "'state'");
        var retention = reader.Duration(mapping["retention"], "'state.retention'");
        if (retention is { } value && value < TimeSpan.FromHours(1))
        {
            reader.Diagnostics.Add(mapping["retention"]!, "'state.retention' must be at least 1h");
            retention = null;
        }

        var deployWindow = reader.Duration(mapping["deploy_window"], "'state.deploy_window'", TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        return new StateSettings { Retention = retention ?? StateSettings.DefaultRetention, DeployWindow = deployWindow ?? StateSettings.DefaultDeployWindow };
    }

    private static CheckMemory ReadMemory(NodeReader reader, ConfigMapping merged)
    {
        var failureNode = merged[CommonCheckKeys.FailureThreshold];
        var failure = reader.Int(failureNode, "'failure_threshold'", 1, 1000);
        var success = reader.Int(merged[CommonCheckKeys.SuccessThreshold], "'success_threshold'", 1, 1000);
        var intervalNode = merged[CommonCheckKeys.Interval];
        var interval = PositiveDuration(reader, intervalNode, "'interval'");
        var whenFailingNode = merged[CommonCheckKeys.IntervalWhenFailing];
        var whenFailing = PositiveDuration(reader, whenFailingNode, "'interval_when_failing'");
        if (interval is { } i && whenFailing is { } f && f > i)
        {
            reader.Diagnostics.Add(whenFailingNode!, $"'interval_when_failing' ({Units.FormatDuration(f)}) should be shorter than 'interval' ({Units.FormatDuration(i)}): it is the faster re-check while failing");
        }

        var (needsStore, key) = failure > 1 ? (failureNode, CommonCheckKeys.FailureThreshold)
            : interval is not null ? (intervalNode, CommonCheckKeys.Interval)
            : whenFailing is not null ? (whenFailingNode, CommonCheckKeys.IntervalWhenFailing)
            : (null, null);
        return failure is null && success is null && interval is null && whenFailing is null
            ? CheckMemory.None
            : new CheckMemory(failure, success, interval, whenFailing, needsStore as ConfigScalar, key);
    }

    private static TimeSpan? PositiveDuration(NodeReader reader, ConfigNode? node, string what)
    {
        var value = reader.Duration(node, what);
        if (value is { } duration && duration < TimeSpan.FromSeconds(1))
        {
            reader.Diagnostics.Add(node!, $"{what} must be at least 1s");
            return null;
        }

        return value;
    }
}
