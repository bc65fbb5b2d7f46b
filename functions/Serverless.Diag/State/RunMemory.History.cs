using Serverless.Diag.Assertions;
using Serverless.Diag.Running;
using Serverless.Diag.State.History;

namespace Serverless.Diag.State;

/// <summary>The history a run compares itself with: baselines before the checks run, trends after.</summary>
public sealed partial class RunMemory
{
    /// <summary>
    /// Reads, per environment, the history its checks' baselines and trends need (the longest window of any of them)
    /// into the context. A store that cannot answer leaves the environment without history, with a warning.
    /// </summary>
    public async Task ReadHistoryAsync(RunPlan plan, MemoryContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow() + context.ClockOffset;
        foreach (var environment in plan.Environments)
        {
            var name = environment.Environment.Name;
            var needing = environment.Checks.Where(c => HistoryWindow(c) > TimeSpan.Zero).ToList();
            if (needing.Count == 0 || !context.Reachable(name))
            {
                continue;
            }

            var since = now - needing.Max(HistoryWindow);
            // One check: let the store filter by it; several: one read of the environment instead of one per check.
            var only = needing.Count == 1 ? needing[0].Definition.Name : null;
            context.History[name] = await TryAsync(name, "read history", ct => store.RunsByCheckAsync(name, since, only, ct), context.Warnings, cancellationToken);
        }
    }

    /// <summary>The baselines of a check from the history read before the run; null when there is none to read.</summary>
    public static CheckBaselines? BaselinesFrom(MemoryContext context, PlannedCheck check, IReadOnlyList<string> paths)
    {
        var environment = check.Environment.Name;
        if (!context.History.TryGetValue(environment, out var rows))
        {
            return null;
        }

        if (rows is null)
        {
            return CheckBaselines.Unavailable("no baseline: the state store could not be read this run");
        }

        return BaselineStatistics.From(rows.GetValueOrDefault(check.Definition.Name) ?? [], paths, check.Definition.Baseline, context.ReadAt);
    }

    /// <summary>How far back a check looks: its baseline window if it compares with one, its trend window if it has one.</summary>
    private static TimeSpan HistoryWindow(PlannedCheck check)
    {
        var baseline = BaselinePlan.PathsOf(check).Count > 0 ? check.Definition.Baseline.Window : TimeSpan.Zero;
        var trend = check.Definition.Trend?.Window ?? TimeSpan.Zero;
        return baseline > trend ? baseline : trend;
    }
}
