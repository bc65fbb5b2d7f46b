using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Hosting;

/// <summary>
/// The one path every host takes: load the config, plan, run, file incidents. The CLI, the Functions
/// handler and the Action differ only in how they ask and how they show the result.
/// </summary>
public sealed class DiagnosisPipeline(ProbeRegistry registry, TimeProvider timeProvider, ILoggerFactory loggerFactory, Func<string, string?> environmentVariables, RunnerOptions? runnerOptions = null)
{
    public ProbeRegistry Registry => registry;

    /// <exception cref="ConfigException">The file is missing or invalid.</exception>
    public DiagConfig LoadConfig(string path) => new ConfigLoader(registry).Load(path);

    /// <exception cref="ConfigException">Undefined variables, unset environment variables, invalid settings.</exception>
    /// <exception cref="SelectionException">Unknown environment or check.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter) => Plan(config, filter, environmentVariables);

    /// <param name="environment">Reads <c>${env:...}</c> for this plan instead of the pipeline's own source.</param>
    /// <exception cref="ConfigException">Undefined variables, unset environment variables, invalid settings.</exception>
    /// <exception cref="SelectionException">Unknown environment or check.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter, Func<string, string?> environment) => new RunPlanner(registry, environment).Plan(config, filter);

    /// <summary>Runs the checks only; the caller files incidents (under its own lock) with <see cref="IIncidentSink.PublishAsync"/>.</summary>
    /// <param name="budget">Checks unfinished when it runs out are reported as not run; null: no limit.</param>
    public Task<RunReport> RunChecksAsync(RunPlan plan, IProgress<CheckReport>? progress, TimeSpan? budget, CancellationToken cancellationToken) =>
        new DiagRunner(timeProvider, loggerFactory, runnerOptions).RunAsync(plan, progress, budget, cancellationToken);

    public async Task<DiagnosisResult> RunAsync(RunPlan plan, IIncidentSink? incidents, IProgress<CheckReport>? progress, CancellationToken cancellationToken)
    {
        var report = await new DiagRunner(timeProvider, loggerFactory, runnerOptions).RunAsync(plan, progress, cancellationToken);
        IncidentSummary? summary = null;
        if (incidents is not null)
        {
            summary = await incidents.PublishAsync(report, plan.Config, cancellationToken);
        }

        return new DiagnosisResult(report, summary, plan);
    }
}

/// <param name="Plan">Carries the run's secrets (<see cref="RunPlan.Secrets"/>) for anything the host prints.</param>
public sealed record DiagnosisResult(RunReport Report, IncidentSummary? Incidents, RunPlan Plan);
