using Microsoft.Extensions.Logging;
using Serverless.Diag.Diagnosis;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Running;

/// <summary>
/// Runs a plan: every check of every environment concurrently (bounded), each waiting only for its own
/// dependencies. One check throwing or hanging never stops the others.
/// </summary>
/// <remarks>
/// A fixed set of workers (<see cref="RunnerOptions.MaxConcurrency"/>) takes ready checks from one queue,
/// like Parallel.ForEachAsync: a thousand queued checks cost no semaphore waiters and no extra thread-pool
/// hop each. A check with dependencies joins the queue once they are done, so it never holds a worker
/// while it waits.
/// </remarks>
public sealed class DiagRunner(TimeProvider timeProvider, ILoggerFactory loggerFactory, RunnerOptions? options = null)
{
    private readonly RunnerOptions _options = options ?? new RunnerOptions();

    public Task<RunReport> RunAsync(RunPlan plan, IProgress<CheckReport>? progress, CancellationToken cancellationToken) =>
        RunAsync(plan, progress, budget: null, cancellationToken);

    /// <param name="budget">
    /// Wall time for the whole run (an HTTP caller that must be answered in time): checks still queued or running
    /// when it ends are reported as skipped, "not run", with the budget as the reason, and the run returns.
    /// </param>
    public async Task<RunReport> RunAsync(RunPlan plan, IProgress<CheckReport>? progress, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        var run = new ScheduledRun(plan, progress);
        var executor = new CheckExecutor(timeProvider, loggerFactory.CreateLogger("Serverless.Diag.Runner"), plan.Secrets);
        using var deadline = budget is { } limit ? new RunBudget(limit, timeProvider) : null;

        run.Schedule();
        var workers = Enumerable.Range(0, Math.Min(_options.MaxConcurrency, run.Count))
            .Select(_ => run.WorkAsync(executor, deadline, cancellationToken))
            .ToList();
        await Task.WhenAll(workers);

        var environments = new List<EnvironmentReport>(plan.Environments.Count);
        foreach (var environment in run.Environments)
        {
            var reports = FollowUpLinks.Add(await Task.WhenAll(environment.Ran.Select(c => c.Done.Task)), environment);
            environments.Add(new EnvironmentReport(environment.Name, StatusRules.Combine(reports.Select(r => r.Status)), reports));
        }

        var all = environments.SelectMany(e => e.Checks).ToList();
        var report = new RunReport
        {
            Version = _options.Version,
            StartedAt = startedAt,
            DurationMs = Math.Round(timeProvider.GetElapsedTime(started).TotalMilliseconds, 1),
            Status = StatusRules.Combine(all.Select(c => c.Status)),
            Environments = environments,
            Summary = RunSummary.Of(all),
        };
        return Diagnose(report, plan);
    }

    /// <summary>The cause rules (built-in and the config's) over the finished run: each failing check gets its diagnosis.</summary>
    private static RunReport Diagnose(RunReport report, RunPlan plan)
    {
        if (report.Summary.Fail + report.Summary.Error == 0)
        {
            return report;
        }

        var facts = new PlannedFacts(plan);
        return CauseEngine.With(UserCauseRule.From(plan.Config.Causes)).Diagnose(report, facts.For);
    }
}

public sealed record RunnerOptions
{
    public int MaxConcurrency { get; init; } = 16;

    public string Version { get; init; } = typeof(RunnerOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
