using System.Globalization;
using Serverless.Diag.Assertions;

namespace Serverless.Diag.Trends;

/// <summary>When a measurement is forecast to reach its limit at its current slope: "memory.ratio reaches 80% in ~31h".</summary>
public sealed record TrendForecast(TrendLimit Limit, double Current, TimeSpan ReachesIn, TrendFit Fit)
{
    /// <summary>The text of the warning the check carries, and the item its degrading incident tracks.</summary>
    public string Expression => "trend: " + Limit.Expression;

    public string Message =>
        $"{Limit.Path} reaches {Limit.Limit.Display} in ~{Approximately(ReachesIn)} at the current slope (now {ValueFormatter.FormatNumber(Current, Limit.Limit)}, R² {Fit.RSquared.ToString("0.00", CultureInfo.InvariantCulture)} over {Fit.Points} runs)";

    private static string Approximately(TimeSpan span) =>
        span.TotalHours >= 72 ? $"{Math.Round(span.TotalDays).ToString(CultureInfo.InvariantCulture)}d"
        : span.TotalHours >= 1 ? $"{Math.Round(span.TotalHours).ToString(CultureInfo.InvariantCulture)}h"
        : $"{Math.Max(1, Math.Round(span.TotalMinutes)).ToString(CultureInfo.InvariantCulture)}m";
}

/// <summary>Forecasts when a series reaches its limit, and only from a significant slope.</summary>
public static class TrendForecaster
{
    /// <summary>Fewer runs than this in the window make no forecast: a slope through a handful of points is noise.</summary>
    public const int MinPoints = 8;

    /// <summary>The line must explain at least this share of the variation...</summary>
    public const double MinRSquared = 0.6;

    /// <summary>...and its slope must stand this many standard errors away from flat.</summary>
    public const double MinSlopeT = 4;

    /// <param name="points">The measurement over the window, oldest first, the current run included.</param>
    /// <param name="now">The time the forecast is made from (the newest point's time).</param>
    /// <returns>Null when the value is flat, noisy, heading away from the limit, already past it, or reaching it after the horizon.</returns>
    public static TrendForecast? Forecast(IReadOnlyList<(DateTimeOffset Time, double Value)> points, TrendLimit limit, DateTimeOffset now, TimeSpan horizon)
    {
        if (points.Count < MinPoints)
        {
            return null;
        }

        var origin = points[0].Time;
        var fit = TrendFit.Of([.. points.Select(p => ((p.Time - origin).TotalHours, p.Value))]);
        if (fit is null || fit.RSquared < MinRSquared || fit.SlopeT < MinSlopeT)
        {
            return null;
        }

        var heading = limit.IsCeiling ? fit.Slope > 0 : fit.Slope < 0;
        var current = points[^1].Value;
        var nowHours = (now - origin).TotalHours;
        var fitted = fit.At(nowHours);
        var bound = limit.Limit.Value;
        var past = limit.IsCeiling ? current >= bound || fitted >= bound : current <= bound || fitted <= bound;
        if (!heading || past)
        {
            return null;
        }

        var hours = (bound - fitted) / fit.Slope;
        return hours > 0 && hours <= horizon.TotalHours ? new TrendForecast(limit, current, TimeSpan.FromHours(hours), fit) : null;
    }
}
