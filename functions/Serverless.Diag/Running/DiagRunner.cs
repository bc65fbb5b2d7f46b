using Microsoft.Extensions.Logging;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Running;

/// <summary>
/// Runs a plan: every check of every environment concurrently (bounded), each waiting only for its own
/// dependencies. One check throwing or hanging never stops the others.
/// </summary>
public sealed class DiagRunner(TimeProvider timeProvider, ILoggerFactory loggerFactory, RunnerOptions? options = null)
{
    private readonly RunnerOptions _options = options ?? new RunnerOptions();

    public async Task<RunReport> RunAsync(RunPlan plan, IProgress<CheckReport>? progress, CancellationToken cancellationToken)
    {
        var startedAt = timeProvider.GetUtcNow();
        var started = timeProvider.GetTimestamp();
        using var slots = new SemaphoreSlim(_options.MaxConcurrency);
        var executor = new CheckExecutor(timeProvider, loggerFactory.CreateLogger("Serverless.Diag.Runner"), plan.Secrets, slots);

        var environmentTasks = plan.Environments.Select(async environment =>
        {
            var tasks = new Dictionary<string, Task<CheckReport>>(StringComparer.Ordinal);
            var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            foreach (var check in environment.Checks)
            {
                tasks[check.Definition.Name] = StartAfter(allStarted.Task, check, tasks, executor, progress, cancellationToken);
            }

            allStarted.SetResult();

            var reports = await Task.WhenAll(environment.Checks.Select(c => tasks[c.Definition.Name]));
            return new EnvironmentReport(environment.Environment.Name, StatusRules.Combine(reports.Select(r => r.Status)), reports);
        });

        var environments = await Task.WhenAll(environmentTasks);
        var all = environments.SelectMany(e => e.Checks).ToList();
        return new RunReport
        {
            Version = _options.Version,
            StartedAt = startedAt,
            DurationMs = Math.Round(timeProvider.GetElapsedTime(started).TotalMilliseconds, 1),
            Status = StatusRules.Combine(all.Select(c => c.Status)),
            Environments = environments,
            Summary = RunSummary.Of(all),
        };
    }

    // Each check's task awaits its dependencies' tasks; none reads the dictionary before it is complete.
    private static async Task<CheckReport> StartAfter(
        Task allStarted,
        PlannedCheck check,
        Dictionary<string, Task<CheckReport>> tasks,
        CheckExecutor executor,
        IProgress<CheckReport>? progress,
        CancellationToken cancellationToken)
    {
        if (check.DependsOn.Count > 0)
        {
            await allStarted;
        }

        CheckReport? failedDependency = null;
        foreach (var dependency in check.DependsOn)
        {
            if (tasks.TryGetValue(dependency, out var task))
            {
                var report = await task;
                if (report.Status is CheckStatus.Fail or CheckStatus.Error || report.SkippedBecauseOf is not null)
                {
                    failedDependency ??= report;
                }
            }
        }

        var result = failedDependency is not null
            ? CheckReports.Skipped(check, $"dependency '{failedDependency.Name}' is {failedDependency.Status.ToWire()}", failedDependency.SkippedBecauseOf ?? failedDependency.Name)
            : check.SkipReason is not null
                ? CheckReports.Skipped(check, check.SkipReason, skippedBecauseOf: null)
                : await executor.ExecuteAsync(check, cancellationToken);
        progress?.Report(result);
        return result;
    }
}

public sealed record RunnerOptions
{
    public int MaxConcurrency { get; init; } = 16;

    public string Version { get; init; } = typeof(RunnerOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
