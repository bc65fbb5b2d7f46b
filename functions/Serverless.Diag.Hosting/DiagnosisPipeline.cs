using Microsoft.Extensions.Logging;
using Serverless.Diag.ApplicationInsights;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Silences;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Hosting;

/// <summary>
/// The one path every host takes: load the config, plan, run, file incidents, record the results in
/// Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. The CLI, the Functions
/// app, <c>serve</c> and the Action differ only in how they ask and how they show the result.
/// </summary>
public sealed class DiagnosisPipeline(
    ProbeRegistry registry,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    Func<string, string?> environmentVariables,
    RunnerOptions? runnerOptions = null,
    AvailabilityExportOptions? availabilityOptions = null)
{
    private readonly AvailabilityExporter? _availability = AvailabilityExporter.FromEnvironment(environmentVariables, timeProvider, loggerFactory, availabilityOptions);

    public ProbeRegistry Registry => registry;

    /// <summary>The clock runs, windows and silences are read on.</summary>
    public TimeProvider Time => timeProvider;

    /// <summary>Null unless <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> holds a usable connection string.</summary>
    public AvailabilityExporter? Availability => _availability;

    /// <summary>
    /// Reads the config. Its problems are reported by <see cref="Plan(DiagConfig, RunFilter, PlanMode)"/>, together with
    /// the planner's, so the user sees every problem at once; only a file that cannot be read as YAML throws here.
    /// </summary>
    /// <exception cref="ConfigException">The file is missing or is not a YAML mapping.</exception>
    public DiagConfig LoadConfig(string path) => new ConfigLoader(registry).Load(path, deferProblems: true);

    /// <exception cref="ConfigException">Every problem of the config: the loader's, undefined variables, unset environment variables, invalid settings.</exception>
    /// <exception cref="SelectionException">Unknown environment, check or tag, or a selection that matches no check.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter, PlanMode mode = PlanMode.Run) => Plan(config, filter, environmentVariables, mode);

    /// <param name="environment">Reads <c>${env:...}</c> for this plan instead of the pipeline's own source.</param>
    /// <exception cref="ConfigException">Every problem of the config: the loader's, undefined variables, unset environment variables, invalid settings.</exception>
    /// <exception cref="SelectionException">Unknown environment, check or tag, or a selection that matches no check.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter, Func<string, string?> environment, PlanMode mode = PlanMode.Run) =>
        new RunPlanner(registry, environment).Plan(config, filter, mode);

    /// <summary>Runs the checks only; the caller files incidents (under its own lock) with <see cref="IIncidentSink.PublishAsync"/>.</summary>
    /// <param name="budget">Checks unfinished when it runs out are reported as not run; null: no limit.</param>
    /// <remarks>The config's maintenance windows mark the checks they cover.</remarks>
    public async Task<RunReport> RunChecksAsync(RunPlan plan, IProgress<CheckReport>? progress, TimeSpan? budget, CancellationToken cancellationToken)
    {
        var report = await new DiagRunner(timeProvider, loggerFactory, runnerOptions).RunAsync(plan, progress, budget, cancellationToken);
        return SilenceRules.Apply(report, plan.Config.Maintenance, [], timeProvider.GetUtcNow());
    }

    /// <summary>Plans a run, refusing settings that need a state store when none is configured.</summary>
    /// <exception cref="ConfigException">Also: <c>failure_threshold</c> above 1 or an <c>interval</c> without a store.</exception>
    /// <exception cref="SelectionException">Unknown environment or check.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter, bool stateConfigured)
    {
        StatePolicy.RequireStoreIfNeeded(config, stateConfigured);
        return Plan(config, filter);
    }

    public Task<DiagnosisResult> RunAsync(RunPlan plan, IIncidentSink? incidents, IProgress<CheckReport>? progress, CancellationToken cancellationToken) =>
        RunAsync(plan, incidents, progress, RunOptions.Stateless, cancellationToken);

    public async Task<DiagnosisResult> RunAsync(RunPlan plan, IIncidentSink? incidents, IProgress<CheckReport>? progress, RunOptions options, CancellationToken cancellationToken)
    {
        var run = await RunWithMemoryAsync(plan, progress, options, cancellationToken);
        var report = run.Report;

        // Telemetry goes out while incidents are filed: its bounded flush adds nothing when GitHub is slower.
        var telemetry = _availability?.PublishAsync(report, cancellationToken);
        IncidentSummary? summary = null;
        if (incidents is not null)
        {
            summary = await PublishAsync(report, plan, incidents, options, run.RunId, cancellationToken);
            report = await IncidentSilences.ApplyAsync(report, summary, options.State, timeProvider, loggerFactory.CreateLogger("Serverless.Diag.State"), cancellationToken);
        }

        return new DiagnosisResult(report, summary, run.Ran, telemetry is null ? null : await telemetry);
    }

    /// <summary>
    /// Runs the checks with the run's memory when a store is configured: reads the store, leaves out the checks that
    /// are not due (<see cref="RunOptions.DueOnly"/>), runs the rest, then records the results and marks pending
    /// checks. Without a store it only runs the checks. Files no incident.
    /// </summary>
    public async Task<MemoryRun> RunWithMemoryAsync(RunPlan plan, IProgress<CheckReport>? progress, RunOptions options, CancellationToken cancellationToken)
    {
        RunMemory? memory = null;
        MemoryContext? context = null;
        var toRun = plan;
        if (options.State is { } store)
        {
            memory = new RunMemory(store, timeProvider, loggerFactory.CreateLogger("Serverless.Diag.State"), options.Memory);
            context = await memory.BeginAsync(plan, cancellationToken);
            if (options.DueOnly)
            {
                toRun = RunMemory.SelectDue(plan, context, timeProvider.GetUtcNow());
            }

            if (options.Deployment is { } deployment)
            {
                await memory.RecordDeploymentAsync(toRun, context, deployment, cancellationToken);
            }

            await memory.ReadHistoryAsync(toRun, context, cancellationToken);
        }

        // A baseline report given on the command line is the explicit choice; else the environment's own history.
        toRun = BaselinePlan.Attach(toRun, (check, paths) =>
            options.BaselineReport?.For(check.Environment.Name, check.Definition.Name, paths)
            ?? (context is null ? null : RunMemory.BaselinesFrom(context, check, paths)));

        var report = await new DiagRunner(timeProvider, loggerFactory, runnerOptions).RunAsync(toRun, progress, options.Budget, cancellationToken);

        if (context is not null)
        {
            // Forecasts come from the history read before the run and this run's values: a degrading measurement warns.
            report = RunMemory.ApplyTrends(report, plan.Config, context);
        }

        // Windows and silences are read on the store's clock, like every other time the run remembers.
        report = SilenceRules.Apply(report, plan.Config.Maintenance, context?.Silences ?? [], timeProvider.GetUtcNow() + (context?.ClockOffset ?? TimeSpan.Zero));
        if (memory is not null)
        {
            report = await memory.RecordAsync(report, plan.Config, context!, cancellationToken);
            report = await memory.EndPassedSilencesAsync(report, plan.Config, context!, cancellationToken);
            report = await State.History.RecentRuns.AttachAsync(report, options.State!, context!.RunId, context.Reachable, cancellationToken);
            if (report.State is { } state)
            {
                // Store errors quote endpoints and SDK messages: they leave the engine redacted like everything else.
                report = report with { State = state with { Warnings = [.. state.Warnings.Select(plan.Secrets.Redact)] } };
            }
        }

        return new MemoryRun(report, toRun, context?.RunId);
    }

    private async Task<IncidentSummary> PublishAsync(RunReport report, RunPlan plan, IIncidentSink incidents, RunOptions options, string? runId, CancellationToken cancellationToken)
    {
        if (options.State is not { } store)
        {
            return await incidents.PublishAsync(report, plan.Config, cancellationToken);
        }

        var owner = options.Instance ?? runId ?? Guid.NewGuid().ToString("N");
        await using var leases = await IncidentLeases.AcquireAsync(
            store,
            report.Environments.Select(e => e.Name),
            owner,
            options.LeaseWait,
            options.Memory?.OperationTimeout ?? IncidentLeases.OperationTimeout,
            timeProvider,
            loggerFactory.CreateLogger("Serverless.Diag.State"),
            cancellationToken);
        var leased = leases.Held.Count == report.Environments.Count
            ? report
            : report with { Environments = [.. report.Environments.Where(e => leases.Held.Contains(e.Name))] };
        var summary = leased.Environments.Count == 0 ? IncidentSummary.Empty : await incidents.PublishAsync(leased, plan.Config, cancellationToken);
        return leases.Problems.Count == 0 ? summary : summary with { Problems = [.. summary.Problems, .. leases.Problems] };
    }
}

/// <summary>How a run uses memory across runs.</summary>
public sealed record RunOptions
{
    public static RunOptions Stateless { get; } = new();

    /// <summary>The state store; null: no memory (every check runs, the first failure counts).</summary>
    public IStateStore? State { get; init; }

    /// <summary>Run only the checks whose interval has passed (the timer; <c>run --due-only</c>).</summary>
    public bool DueOnly { get; init; }

    /// <summary>This instance, as the owner of the incident leases it takes; a fresh id per run by default.</summary>
    public string? Instance { get; init; }

    /// <summary>How long to wait for another instance filing the same environment's incidents.</summary>
    public TimeSpan LeaseWait { get; init; } = TimeSpan.FromSeconds(60);

    public RunMemoryOptions? Memory { get; init; }

    /// <summary>Checks unfinished when it runs out are reported as not run; null: no limit.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>The deployment this run gates (<c>--deployment</c>, or the Action's commit): recorded in the store before the checks run.</summary>
    public Serverless.Diag.State.Deployments.Deployment? Deployment { get; init; }

    /// <summary>Baselines from an earlier JSON report (<c>--baseline</c>), used instead of the store's history.</summary>
    public ReportBaselines? BaselineReport { get; init; }
}

/// <param name="Ran">The plan that ran: without the checks that were not due.</param>
/// <param name="RunId">The run's id in the store; null without a store.</param>
public sealed record MemoryRun(RunReport Report, RunPlan Ran, string? RunId);

/// <param name="Plan">Carries the run's secrets (<see cref="RunPlan.Secrets"/>) for anything the host prints.</param>
/// <param name="Availability">What became of the availability results; null when Application Insights is not configured.</param>
public sealed record DiagnosisResult(RunReport Report, IncidentSummary? Incidents, RunPlan Plan, AvailabilityExportOutcome? Availability = null);
