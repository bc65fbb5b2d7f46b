using Microsoft.Extensions.Logging;
using Serverless.Diag.ApplicationInsights;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

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

    /// <summary>Null unless <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> holds a usable connection string.</summary>
    public AvailabilityExporter? Availability => _availability;

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

        // Telemetry goes out while incidents are filed: its bounded flush adds nothing when GitHub is slower.
        var telemetry = _availability?.PublishAsync(report, cancellationToken);
        IncidentSummary? summary = null;
        if (incidents is not null)
        {
            summary = await incidents.PublishAsync(report, plan.Config, cancellationToken);
        }

        return new DiagnosisResult(report, summary, plan, telemetry is null ? null : await telemetry);
    }
}

/// <param name="Plan">Carries the run's secrets (<see cref="RunPlan.Secrets"/>) for anything the host prints.</param>
/// <param name="Availability">What became of the availability results; null when Application Insights is not configured.</param>
public sealed record DiagnosisResult(RunReport Report, IncidentSummary? Incidents, RunPlan Plan, AvailabilityExportOutcome? Availability = null);
