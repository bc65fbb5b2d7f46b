namespace Serverless.Diag.Configuration;

/// <summary>Which statistic of earlier runs a baseline is.</summary>
public enum BaselineStatistic
{
    Median,
    P90,
    P95,
    P99,
}

/// <summary>
/// <c>baseline:</c> of a check (or <c>defaults:</c>): which earlier runs a <c>baseline</c> in its assertions is taken from.
/// </summary>
/// <param name="Window">How far back passing runs count.</param>
/// <param name="MinRuns">Passing runs needed before the baseline is used; fewer and the assertion is not evaluated.</param>
/// <param name="WindowNode">Where the window is written (null: the default), for errors about it.</param>
public sealed record BaselineSettings(TimeSpan Window, int MinRuns, BaselineStatistic Statistic, ConfigScalar? WindowNode = null)
{
    public static BaselineSettings Default { get; } = new(TimeSpan.FromDays(7), 10, BaselineStatistic.Median);

    /// <summary><c>7-day median</c>, <c>12-hour p95</c>: how messages name the baseline.</summary>
    public string Label => $"{WindowLabel(Window)} {StatisticName(Statistic)}";

    public static string StatisticName(BaselineStatistic statistic) => statistic.ToString().ToLowerInvariant();

    public static string WindowLabel(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays == Math.Floor(window.TotalDays) ? $"{window.TotalDays:0}-day"
        : window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? $"{window.TotalHours:0}-hour"
        : $"{Units.FormatDuration(window)}";
}

/// <summary>
/// <c>trend:</c> of a check: fit a line through each thresholded measurement over the window and warn when it
/// reaches the check's own <c>expect</c> limit within the horizon.
/// </summary>
/// <param name="Measurements">The measurements to follow; empty: every measurement an <c>expect</c> line limits with a number.</param>
/// <param name="Node">Where <c>trend:</c> is written, for errors about it.</param>
public sealed record TrendSettings(TimeSpan Window, TimeSpan Horizon, IReadOnlyList<ConfigScalar> Measurements, ConfigNode Node)
{
    public static TimeSpan DefaultWindow { get; } = TimeSpan.FromDays(3);

    public static TimeSpan DefaultHorizon { get; } = TimeSpan.FromDays(1);
}
