using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;
using Serverless.Diag.Trends;

namespace Serverless.Diag.State;

/// <summary>Degrading trends: after the checks ran, each <c>trend:</c> check's limited measurements are forecast from its history.</summary>
public sealed partial class RunMemory
{
    /// <summary>
    /// A check whose measurement is forecast to reach its <c>expect</c> limit within the horizon carries a warning
    /// ("memory.ratio reaches 80% in ~31h at the current slope"), warns if it passed, and lists the forecast in
    /// <see cref="CheckReport.Degrading"/> (its own P3 incident). Uses only the history read before the run.
    /// </summary>
    public static RunReport ApplyTrends(RunReport report, DiagConfig config, MemoryContext context)
    {
        var changed = false;
        var environments = new List<EnvironmentReport>(report.Environments.Count);
        foreach (var environment in report.Environments)
        {
            if (!context.History.TryGetValue(environment.Name, out var rows) || rows is null)
            {
                environments.Add(environment);
                continue;
            }

            var checks = environment.Checks.Select(c => WithTrends(c, config, rows.GetValueOrDefault(c.Name) ?? [], context.ReadAt)).ToList();
            if (checks.SequenceEqual(environment.Checks, ReferenceEqualityComparer.Instance))
            {
                environments.Add(environment);
                continue;
            }

            changed = true;
            environments.Add(environment with { Status = StatusRules.Combine(checks.Select(c => c.Status)), Checks = checks });
        }

        if (!changed)
        {
            return report;
        }

        var all = environments.SelectMany(e => e.Checks).ToList();
        return report with { Environments = environments, Status = StatusRules.Combine(all.Select(c => c.Status)), Summary = RunSummary.Of(all) };
    }

    private static CheckReport WithTrends(CheckReport check, DiagConfig config, IReadOnlyList<HistoryEntry> history, DateTimeOffset now)
    {
        if (check.Status is CheckStatus.Skipped or CheckStatus.Error || config.FindCheck(check.Name) is not { Trend: { } trend } definition)
        {
            return check;
        }

        var wanted = trend.Measurements.Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var limits = definition.Expect.Select(e => e.Parsed).OfType<Assertion>()
            .SelectMany(TrendLimits.Of)
            .Where(l => wanted.Count == 0 || wanted.Contains(l.Path))
            .DistinctBy(l => (l.Path, l.Operator, l.Limit.Value));
        var forecasts = new List<TrendForecast>();
        foreach (var limit in limits)
        {
            if (Number(check.Measurements.GetValueOrDefault(limit.Path)) is not { } current)
            {
                continue;
            }

            var points = history
                .Where(r => r.Time >= now - trend.Window && r.Time < now && r.Status is not (CheckStatus.Error or CheckStatus.Skipped))
                .Select(r => r.Measurements.TryGetValue(limit.Path, out var v) ? (r.Time, Value: v) : ((DateTimeOffset Time, double Value)?)null)
                .OfType<(DateTimeOffset Time, double Value)>()
                .OrderBy(p => p.Time)
                .Append((now, current))
                .ToList();
            if (TrendForecaster.Forecast(points, limit, now, trend.Horizon) is { } forecast)
            {
                forecasts.Add(forecast);
            }
        }

        if (forecasts.Count == 0)
        {
            return check with { Degrading = [] };
        }

        // No actual value: the headline then reads "trend: memory.ratio < 80% failed (memory.ratio reaches 80% in ~31h ...)".
        var warnings = forecasts.Select(f => new AssertionResult(f.Expression, Passed: false, Actual: null, AssertionLevel.Warn, f.Message));
        return check with
        {
            Status = check.Status == CheckStatus.Pass ? CheckStatus.Warn : check.Status,
            Assertions = [.. check.Assertions, .. warnings],
            Degrading = forecasts,
        };
    }

    private static double? Number(object? value) => value switch
    {
        double d when double.IsFinite(d) => d,
        int i => i,
        long l => l,
        float f when float.IsFinite(f) => f,
        decimal m => (double)m,
        _ => null,
    };
}
