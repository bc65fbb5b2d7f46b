using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.History;

/// <summary>Gives each failing check of a run its recent history, for the incident body ("is this new?").</summary>
public static class RecentRuns
{
    /// <summary>Runs shown per check.</summary>
    public const int Count = 10;

    /// <summary>At most this many failing checks read their history per run: a storm of failures costs a bounded number of reads.</summary>
    public const int MaxChecks = 20;

    /// <summary>How far back the runs are looked for.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromDays(7);

    /// <summary>Each read is bounded: an unreachable store costs the run at most this once.</summary>
    public static TimeSpan ReadTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <param name="runId">This run's id: its own rows, already stored, are not "before" it.</param>
    /// <param name="reachable">Environments whose store answered this run; the others are not asked again.</param>
    /// <remarks>History is a courtesy to the reader: a store that cannot answer (or answers slowly) leaves the checks without it.</remarks>
    public static async Task<RunReport> AttachAsync(RunReport report, IStateStore store, string? runId, Func<string, bool>? reachable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(store);
        var failing = report.AllChecks
            .Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error && (reachable is null || reachable(c.Environment)))
            .Take(MaxChecks)
            .ToList();
        if (failing.Count == 0)
        {
            return report;
        }

        var since = report.StartedAt - Window;
        var found = new Dictionary<(string Environment, string Check), IReadOnlyList<HistoryEntry>>();
        foreach (var check in failing)
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                limit.CancelAfter(ReadTimeout);
                var runs = await store.RecentRunsAsync(check.Environment, check.Name, since, Count + 1, limit.Token).WaitAsync(limit.Token);
                var before = runs.Where(r => r.RunId != runId).ToList();
                found[(check.Environment, check.Name)] = before.Count > Count ? before[^Count..] : before;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                return Apply(report, found);
            }
        }

        return Apply(report, found);
    }

    private static RunReport Apply(RunReport report, Dictionary<(string Environment, string Check), IReadOnlyList<HistoryEntry>> found) =>
        found.Count == 0 ? report : report with
        {
            Environments = [.. report.Environments.Select(e => e with
            {
                Checks = [.. e.Checks.Select(c => found.TryGetValue((c.Environment, c.Name), out var runs) ? c with { RecentRuns = runs } : c)],
            })],
        };
}
