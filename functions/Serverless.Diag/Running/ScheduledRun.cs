using System.Threading.Channels;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Running;

/// <summary>The checks of one run, the queue of those ready to execute, and how many are still open.</summary>
internal sealed class ScheduledRun
{
    private readonly Channel<ScheduledCheck> _ready = Channel.CreateUnbounded<ScheduledCheck>();
    private readonly IProgress<CheckReport>? _progress;
    private int _open;

    public ScheduledRun(RunPlan plan, IProgress<CheckReport>? progress)
    {
        _progress = progress;
        Environments = [.. plan.Environments.Select(e => new ScheduledEnvironment(e.Environment.Name, [.. e.Checks.Select(c => new ScheduledCheck(c))]))];
        Count = Environments.Sum(e => e.Checks.Count);
        _open = Count;
    }

    public IReadOnlyList<ScheduledEnvironment> Environments { get; }

    public int Count { get; }

    public void Schedule()
    {
        foreach (var environment in Environments)
        {
            Dictionary<string, ScheduledCheck>? byName = null;
            foreach (var scheduled in environment.Checks)
            {
                if (scheduled.Check.DependsOn.Count == 0)
                {
                    Release(scheduled, failedDependency: null);
                    continue;
                }

                byName ??= environment.Checks.ToDictionary(c => c.Check.Definition.Name, StringComparer.Ordinal);
                // Dependencies outside the run (filtered out) do not hold a check back.
                var dependencies = scheduled.Check.DependsOn.Select(d => byName.GetValueOrDefault(d)).OfType<ScheduledCheck>().ToList();
                if (dependencies.Count == 0)
                {
                    Release(scheduled, failedDependency: null);
                }
                else
                {
                    _ = ReleaseAfterAsync(scheduled, dependencies);
                }
            }
        }
    }

    public async Task WorkAsync(CheckExecutor executor, RunBudget? budget, CancellationToken cancellationToken)
    {
        while (await _ready.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_ready.Reader.TryRead(out var scheduled))
            {
                try
                {
                    if (budget is null)
                    {
                        Complete(scheduled, await executor.ExecuteAsync(scheduled.Check, cancellationToken));
                    }
                    else
                    {
                        Complete(scheduled, await budget.ExecuteAsync(executor, scheduled.Check, cancellationToken));
                    }
                }
                catch (Exception e)
                {
                    Fail(scheduled, e);
                    throw;
                }
            }
        }
    }

    private async Task ReleaseAfterAsync(ScheduledCheck scheduled, List<ScheduledCheck> dependencies)
    {
        try
        {
            await Task.WhenAll(dependencies.Select(d => d.Done.Task));
        }
        catch (Exception e)
        {
            Fail(scheduled, e);
            return;
        }

        var failed = dependencies.Select(d => d.Done.Task.Result)
            .FirstOrDefault(r => r.Status is CheckStatus.Fail or CheckStatus.Error || r.SkippedBecauseOf is not null);
        Release(scheduled, failed);
    }

    private void Release(ScheduledCheck scheduled, CheckReport? failedDependency)
    {
        var check = scheduled.Check;
        if (failedDependency is not null)
        {
            Complete(scheduled, CheckReports.Skipped(check, $"dependency '{failedDependency.Name}' is {failedDependency.Status.ToWire()}", failedDependency.SkippedBecauseOf ?? failedDependency.Name));
        }
        else if (check.SkipReason is not null)
        {
            Complete(scheduled, CheckReports.Skipped(check, check.SkipReason, skippedBecauseOf: null));
        }
        else
        {
            _ready.Writer.TryWrite(scheduled);
        }
    }

    private void Complete(ScheduledCheck scheduled, CheckReport report)
    {
        _progress?.Report(report);
        scheduled.Done.SetResult(report);
        Closed();
    }

    private void Fail(ScheduledCheck scheduled, Exception e)
    {
        if (scheduled.Done.TrySetException(e))
        {
            Closed();
        }
    }

    private void Closed()
    {
        if (Interlocked.Decrement(ref _open) == 0)
        {
            _ready.Writer.TryComplete();
        }
    }
}

internal sealed record ScheduledEnvironment(string Name, IReadOnlyList<ScheduledCheck> Checks);

internal sealed class ScheduledCheck(PlannedCheck check)
{
    public PlannedCheck Check => check;

    public TaskCompletionSource<CheckReport> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
