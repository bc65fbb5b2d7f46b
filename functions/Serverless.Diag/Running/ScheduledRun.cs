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
        // Follow-up-only checks are not open until a failure triggers them: a run where nothing fails never waits for them.
        Count = Environments.Sum(e => e.Checks.Count(c => !c.Check.FollowUpOnly));
        _open = Count;
    }

    public IReadOnlyList<ScheduledEnvironment> Environments { get; }

    public int Count { get; }

    public void Schedule()
    {
        foreach (var environment in Environments)
        {
            foreach (var scheduled in environment.Checks.Where(c => !c.Check.FollowUpOnly))
            {
                if (scheduled.Check.DependsOn.Count == 0)
                {
                    Release(scheduled, failedDependency: null);
                    continue;
                }

                Start(scheduled, environment.ByName);
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

    /// <summary>Releases a check now, or once its dependencies in the run are done.</summary>
    private void Start(ScheduledCheck scheduled, IReadOnlyDictionary<string, ScheduledCheck> byName)
    {
        // Dependencies outside the run (filtered out, or follow-ups nothing triggered) do not hold a check back.
        var dependencies = scheduled.Check.DependsOn.Select(d => byName.GetValueOrDefault(d)).OfType<ScheduledCheck>().Where(d => d.Ran).ToList();
        if (dependencies.Count == 0)
        {
            Release(scheduled, failedDependency: null);
        }
        else
        {
            _ = ReleaseAfterAsync(scheduled, dependencies);
        }
    }

    /// <summary>A failed or errored check starts the follow-ups it names that are not running yet (each once).</summary>
    private void TriggerFollowUps(ScheduledCheck failed, CheckReport report)
    {
        if (report.Status is not (CheckStatus.Fail or CheckStatus.Error) || failed.Check.Definition.OnFailureNames.Count == 0)
        {
            return;
        }

        var environment = Environments.First(e => e.Checks.Contains(failed));
        foreach (var name in failed.Check.Definition.OnFailure)
        {
            if (environment.ByName.GetValueOrDefault(name) is { } next && next.Trigger(failed.Check.Definition.Name))
            {
                Interlocked.Increment(ref _open);
                Start(next, environment.ByName);
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
        if (scheduled.TriggeredBy is { } trigger)
        {
            report = report with { FollowUpOf = trigger };
        }

        // Before this check closes, so the run cannot end between its completion and its follow-ups starting.
        TriggerFollowUps(scheduled, report);
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

internal sealed record ScheduledEnvironment(string Name, IReadOnlyList<ScheduledCheck> Checks)
{
    private Dictionary<string, ScheduledCheck>? _byName;

    // Built on first use: a run without dependencies or follow-ups never needs it.
    public IReadOnlyDictionary<string, ScheduledCheck> ByName => _byName ??= Checks.ToDictionary(c => c.Check.Definition.Name, StringComparer.Ordinal);

    /// <summary>The checks that ran (a follow-up nothing triggered did not, and has no report).</summary>
    public IEnumerable<ScheduledCheck> Ran => Checks.Where(c => c.Ran);
}

internal sealed class ScheduledCheck(PlannedCheck check)
{
    private string? _triggeredBy;

    public PlannedCheck Check => check;

    /// <summary>The failing check that started this follow-up-only check; null for a check that runs on its own.</summary>
    public string? TriggeredBy => Volatile.Read(ref _triggeredBy);

    public bool Ran => !check.FollowUpOnly || TriggeredBy is not null;

    /// <summary>Marks a follow-up-only check as started by <paramref name="trigger"/>; false if it runs anyway or already started.</summary>
    public bool Trigger(string trigger) => check.FollowUpOnly && Interlocked.CompareExchange(ref _triggeredBy, trigger, null) is null;

    public TaskCompletionSource<CheckReport> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
