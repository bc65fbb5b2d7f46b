using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;
using Serverless.Diag.Incidents;
using Serverless.Diag.Running;
using Serverless.Diag.Silences;

namespace Serverless.Diag.State;

/// <summary>
/// A run's memory: before it, which checks are due; after it, each check's thresholds and history. The store
/// being slow or gone never stops a run: the run goes on as if it had no memory, says so, and writes nothing.
/// </summary>
public sealed partial class RunMemory(IStateStore store, TimeProvider time, ILogger logger, RunMemoryOptions? options = null)
{
    private const int MaxConflictRounds = 5;
    private readonly RunMemoryOptions _options = options ?? new RunMemoryOptions();

    // Once a call failed or timed out, the rest of the run does without the store: a run over many environments
    // must not wait out one timeout per environment on a store that is down.
    private bool _storeDown;

    public IStateStore Store => store;

    /// <summary>Reads every planned environment's state; an environment whose state cannot be read is marked unreachable.</summary>
    public async Task<MemoryContext> BeginAsync(RunPlan plan, CancellationToken cancellationToken)
    {
        var hostNow = time.GetUtcNow();
        var snapshots = new Dictionary<string, StateSnapshot?>(StringComparer.Ordinal);
        var warnings = new List<string>();
        TimeSpan? offset = null;
        foreach (var environment in plan.Environments)
        {
            var name = environment.Environment.Name;
            var snapshot = await TryAsync(name, "read", ct => store.LoadAsync(name, ct), warnings, cancellationToken);
            snapshots[name] = snapshot;
            if (snapshot is not null)
            {
                offset ??= snapshot.StoreTime - time.GetUtcNow();
                warnings.AddRange(snapshot.Warnings);
                foreach (var warning in snapshot.Warnings)
                {
                    LogUnreadable(warning);
                }
            }
        }

        var context = new MemoryContext(HistoryRows.NewRunId(hostNow + (offset ?? TimeSpan.Zero)), RoundOffset(offset ?? TimeSpan.Zero), hostNow + RoundOffset(offset ?? TimeSpan.Zero));
        foreach (var (name, snapshot) in snapshots)
        {
            context.Snapshots[name] = snapshot;
        }

        if (store is ISilenceStore silences && snapshots.Values.Any(s => s is not null))
        {
            context.Silences = await TryAsync("*", "read silences", silences.ListSilencesAsync, warnings, cancellationToken) ?? [];
        }

        context.Warnings.AddRange(warnings);
        return context;
    }

    /// <summary>The plan without the checks that are not due; their dependents no longer wait for them.</summary>
    public static RunPlan SelectDue(RunPlan plan, MemoryContext context, DateTimeOffset hostNow)
    {
        var storeNow = hostNow + context.ClockOffset;
        var environments = new List<EnvironmentPlan>(plan.Environments.Count);
        foreach (var environment in plan.Environments)
        {
            var name = environment.Environment.Name;
            var due = environment.Checks
                .Where(c => !context.Reachable(name) || DueRules.IsDue(c.Definition.Memory, context.Find(name, c.Definition.Name), storeNow))
                .ToList();
            context.NotDue.AddRange(environment.Checks.Except(due).Select(c => $"{name}/{c.Definition.Name}"));
            var kept = due.Select(c => c.Definition.Name).ToHashSet(StringComparer.Ordinal);
            environments.Add(environment with
            {
                Checks = [.. due.Select(c => c.DependsOn.All(kept.Contains) ? c : c with { DependsOn = [.. c.DependsOn.Where(kept.Contains)] })],
            });
        }

        return plan with { Environments = environments };
    }

    /// <summary>Applies the run to each check's state, stores what changed and the history rows, and marks pending checks in the report.</summary>
    public async Task<RunReport> RecordAsync(RunReport report, DiagConfig config, MemoryContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow() + context.ClockOffset;
        var cutoff = now - config.State.Retention;
        var environments = new List<EnvironmentReport>(report.Environments.Count);
        var warnings = new List<string>(context.Warnings);
        foreach (var environment in report.Environments)
        {
            if (!context.Reachable(environment.Name))
            {
                environments.Add(environment);
                continue;
            }

            var checks = await RecordEnvironmentAsync(environment, config, context, now, cutoff, warnings, cancellationToken);
            environments.Add(environment with { Checks = checks });
        }

        if (warnings.Count > context.Warnings.Count || context.Snapshots.Values.Any(s => s is null))
        {
            warnings.Add("thresholds fell back to 'first failure counts' where the state could not be read");
        }

        return report with
        {
            Environments = environments,
            State = new StateReport(store.Description, context.RunId, context.NotDue, warnings.Distinct(StringComparer.Ordinal).ToList()),
        };
    }

    private async Task<IReadOnlyList<CheckReport>> RecordEnvironmentAsync(
        EnvironmentReport environment, DiagConfig config, MemoryContext context, DateTimeOffset now, DateTimeOffset cutoff, List<string> warnings, CancellationToken cancellationToken)
    {
        var name = environment.Name;
        var snapshot = context.Snapshots[name]!;
        var next = new Dictionary<string, CheckState>(StringComparer.Ordinal);
        var changed = new List<CheckState>();
        var history = new List<HistoryEntry>(environment.Checks.Count);
        foreach (var check in environment.Checks)
        {
            if (config.FindCheck(check.Name) is not { } definition)
            {
                continue;
            }

            var state = Advance(snapshot.Checks.GetValueOrDefault(check.Name) ?? CheckState.Empty(name, check.Name), check, definition, config, now, context.RunId);
            next[check.Name] = state;
            if (state.ETag is null || !state.SameContentAs(snapshot.Checks[check.Name]))
            {
                changed.Add(state);
            }

            if (check.Status != CheckStatus.Skipped)
            {
                history.Add(HistoryRows.From(check, now, context.RunId));
            }
        }

        var saved = await SaveWithRetriesAsync(environment, config, context, now, cutoff, changed, history, next, warnings, cancellationToken);
        if (!saved)
        {
            // Unsaved counts are still this run's best knowledge: the report shows them.
            LogNotSaved(name);
        }

        IReadOnlyList<CheckReport> marked = [.. environment.Checks.Select(check =>
            next.TryGetValue(check.Name, out var state) && config.FindCheck(check.Name) is { } definition
                && check.Silenced is null
                && StateTransition.Pending(state, StatePolicy.FailureThreshold(definition, config)) is { } pending
                ? check with { Pending = pending }
                : check)];
        return await LinkDeploymentsAsync(marked, name, next, config, warnings, cancellationToken);
    }

    private async Task<bool> SaveWithRetriesAsync(
        EnvironmentReport environment,
        DiagConfig config,
        MemoryContext context,
        DateTimeOffset now,
        DateTimeOffset cutoff,
        List<CheckState> changed,
        List<HistoryEntry> history,
        Dictionary<string, CheckState> next,
        List<string> warnings,
        CancellationToken cancellationToken)
    {
        var name = environment.Name;
        var byName = environment.Checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        for (var round = 1; ; round++)
        {
            var batch = new StateBatch(name, changed, history, cutoff);
            var outcome = await TryAsync(name, "write", ct => store.SaveAsync(batch, ct), warnings, cancellationToken);
            if (outcome is null)
            {
                return false;
            }

            if (outcome.Conflicts.Count == 0)
            {
                return true;
            }

            if (round == MaxConflictRounds)
            {
                warnings.Add($"state of {outcome.Conflicts.Count} check(s) in '{name}' not saved: other instances kept writing it");
                return false;
            }

            // Another instance wrote first: apply this run's result on top of what it wrote, never over it.
            var fresh = await TryAsync(name, "read", ct => store.LoadAsync(name, ct), warnings, cancellationToken);
            if (fresh is null)
            {
                return false;
            }

            history = [];
            changed = [];
            foreach (var check in outcome.Conflicts)
            {
                var current = fresh.Checks.GetValueOrDefault(check) ?? CheckState.Empty(name, check);
                var state = Advance(current, byName[check], config.FindCheck(check)!, config, now, context.RunId);
                next[check] = state;
                if (state.ETag is null || !state.SameContentAs(current))
                {
                    changed.Add(state);
                }
            }
        }
    }

    private static CheckState Advance(CheckState prior, CheckReport check, CheckDefinition definition, DiagConfig config, DateTimeOffset now, string runId) =>
        check.Silenced is not null && ObservationReader.IsFailing(check)
            ? StateTransition.Silenced(prior, check.Status, now, runId, definition.Memory.HasSchedule)
            : StateTransition.Next(
            prior,
            check.Status,
            now,
            runId,
            StatePolicy.FailureThreshold(definition, config),
            StatePolicy.SuccessThreshold(definition, config),
            definition.Memory.HasSchedule);

    /// <summary>One store call, bounded by its own timeout; a failure becomes a warning, never an exception.</summary>
    private async Task<T?> TryAsync<T>(string environment, string what, Func<CancellationToken, Task<T>> call, List<string> warnings, CancellationToken cancellationToken)
        where T : class
    {
        if (_storeDown)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.OperationTimeout);
        try
        {
            return await call(timeout.Token).WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var warning = $"state store did not answer within {Units.FormatDuration(_options.OperationTimeout)} ({what}, environment '{environment}')";
            _storeDown = true;
            warnings.Add(warning);
            LogUnreachable(warning);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            var warning = $"state store unreachable ({what}, environment '{environment}'): {StoreErrors.OneLine(e)}";
            _storeDown = true;
            warnings.Add(warning);
            LogUnreachable(warning);
            return null;
        }
    }

    // The store's clock is read at one-second resolution (an HTTP Date header): finer offsets are noise.
    private static TimeSpan RoundOffset(TimeSpan offset) => Math.Abs(offset.TotalSeconds) < 2 ? TimeSpan.Zero : offset;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}; thresholds fall back to 'first failure counts' for this run")]
    private partial void LogUnreachable(string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State reset: {Warning}")]
    private partial void LogUnreadable(string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of environment '{Environment}' was not saved this run; what was stored before is kept")]
    private partial void LogNotSaved(string environment);
}

public sealed record RunMemoryOptions
{
    /// <summary>Longest wait for one store call; a run never waits longer on a slow store.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
