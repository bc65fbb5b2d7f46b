using Serverless.Diag.Assertions;
using Serverless.Diag.Trends;

namespace Serverless.Diag.Configuration;

/// <summary>The settings that read a check's own history: <c>baseline:</c> and <c>trend:</c>.</summary>
public sealed partial class ConfigLoader
{
    private static readonly string[] BaselineKeys = ["window", "min_runs", "statistic"];
    private static readonly string[] TrendKeys = ["window", "horizon", "measurements"];

    private static readonly TimeSpan MinHistoryWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan MaxHistoryWindow = TimeSpan.FromDays(366);

    private static BaselineSettings ReadBaseline(NodeReader reader, ConfigNode? node)
    {
        if (reader.Mapping(node, "'baseline'") is not { } mapping)
        {
            return BaselineSettings.Default;
        }

        reader.UnknownKeys(mapping, BaselineKeys, "'baseline'");
        var window = reader.Duration(mapping["window"], "'baseline.window'", MinHistoryWindow, MaxHistoryWindow);
        var minRuns = reader.Int(mapping["min_runs"], "'baseline.min_runs'", 1, 100_000);
        var statistic = ReadStatistic(reader, mapping["statistic"]);
        var defaults = BaselineSettings.Default;
        return new BaselineSettings(window ?? defaults.Window, minRuns ?? defaults.MinRuns, statistic ?? defaults.Statistic, window is null ? null : mapping["window"] as ConfigScalar);
    }

    private static BaselineStatistic? ReadStatistic(NodeReader reader, ConfigNode? node)
    {
        if (reader.Scalar(node, "'baseline.statistic'") is not { } scalar)
        {
            return null;
        }

        var names = Enum.GetValues<BaselineStatistic>().Select(BaselineSettings.StatisticName).ToList();
        var index = names.IndexOf(scalar.Value);
        if (index >= 0)
        {
            return Enum.GetValues<BaselineStatistic>()[index];
        }

        reader.Diagnostics.Add(scalar, $"'baseline.statistic' must be one of {string.Join(", ", names)}, not '{NodeReader.Shown(scalar)}'{Suggestions.DidYouMean(scalar.Value, names)}");
        return null;
    }

    private static TrendSettings? ReadTrend(NodeReader reader, ConfigNode? node, IReadOnlyList<ExpectLine> expect)
    {
        if (reader.Mapping(node, "'trend'") is not { } mapping)
        {
            return null;
        }

        reader.UnknownKeys(mapping, TrendKeys, "'trend'");
        var window = reader.Duration(mapping["window"], "'trend.window'", MinHistoryWindow, MaxHistoryWindow) ?? TrendSettings.DefaultWindow;
        var horizon = reader.Duration(mapping["horizon"], "'trend.horizon'", TimeSpan.FromMinutes(1), MaxHistoryWindow) ?? TrendSettings.DefaultHorizon;
        var measurements = reader.Names(mapping["measurements"], "'trend.measurements'");
        var limited = expect.Select(e => e.Parsed).OfType<Assertion>().SelectMany(TrendLimits.Of).Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        var anyUnparsed = expect.Any(e => e.Parsed is null);
        foreach (var name in measurements.Where(m => !limited.Contains(m.Value) && !anyUnparsed))
        {
            reader.Diagnostics.Add(name, $"'trend.measurements' names '{name.Value}', which no 'expect' line limits with a number: a trend forecasts when a measurement crosses its own limit{Suggestions.DidYouMean(name.Value, limited)}");
        }

        if (measurements.Count == 0 && limited.Count == 0 && !anyUnparsed)
        {
            reader.Diagnostics.Add(mapping, "'trend' needs an 'expect' line that limits a measurement with a number (e.g. 'memory.ratio < 80%'): the forecast is when that limit is crossed");
        }

        return new TrendSettings(window, horizon, measurements, mapping);
    }

    /// <summary>A history window longer than the history kept could never fill: said at the window's line.</summary>
    private static void CheckWindowsAgainstRetention(NodeReader reader, IEnumerable<CheckDefinition> checks, StateSettings state)
    {
        var reported = new HashSet<SourceMark>();
        foreach (var check in checks)
        {
            if (check.Baseline.WindowNode is { } node && check.Baseline.Window > state.Retention && reported.Add(node.Mark))
            {
                reader.Diagnostics.Add(node, $"'baseline.window' ({Units.WriteDuration(check.Baseline.Window)}) is longer than the history kept ('state.retention', {Units.WriteDuration(state.Retention)})");
            }

            if (check.Trend is { } trend && trend.Window > state.Retention && trend.Node is ConfigMapping m && m["window"] is { } window && reported.Add(window.Mark))
            {
                reader.Diagnostics.Add(window, $"'trend.window' ({Units.WriteDuration(trend.Window)}) is longer than the history kept ('state.retention', {Units.WriteDuration(state.Retention)})");
            }
        }
    }
}
