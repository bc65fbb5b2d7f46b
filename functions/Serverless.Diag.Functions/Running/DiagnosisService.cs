using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Functions.Hosting;
using Serverless.Diag.Functions.Logging;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.Functions.Running;

/// <summary>
/// Load, plan, run and file incidents for one request, sharing a run with identical requests in flight.
/// The config is read on every run: what was deployed is what runs, and a broken file is reported per call.
/// </summary>
public sealed class DiagnosisService(
    DiagnosisPipeline pipeline,
    HandlerSettings settings,
    IIncidentSinkFactory incidentSinks,
    RedactingLoggerFactory loggers,
    IHostApplicationLifetime lifetime)
{
    private readonly SingleFlight<DiagnosisOutcome> _runs = new();
    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.Functions");

    /// <summary>Runs in flight (distinct selections).</summary>
    public int InFlight => _runs.Count;

    /// <summary>Callers waiting on the run for this selection.</summary>
    public int Waiting(DiagnosisRequest request) => _runs.Waiters(request.Key);

    /// <param name="cancellationToken">Stops this caller waiting; a run shared with others goes on.</param>
    public async Task<DiagnosisOutcome> RunAsync(DiagnosisRequest request, RunFilter filter, CancellationToken cancellationToken)
    {
        var (outcome, shared) = await _runs.RunAsync(request.Key, () => RunOnceAsync(request, filter), cancellationToken);
        if (shared)
        {
            _logger.LogInformation("Joined a diagnosis already running for the same selection");
        }

        return outcome;
    }

    private async Task<DiagnosisOutcome> RunOnceAsync(DiagnosisRequest request, RunFilter filter)
    {
        // The run belongs to everyone waiting on it: only shutdown stops it, not one caller going away.
        var cancellationToken = lifetime.ApplicationStopping;
        DiagConfig config;
        RunPlan plan;
        try
        {
            config = pipeline.LoadConfig(settings.ConfigPath);
            plan = pipeline.Plan(config, filter);
        }
        catch (SelectionException e)
        {
            _logger.LogWarning("Refused: {Message}", e.Message);
            return new DiagnosisOutcome.UnknownSelection(e.Message, e.ValidNames);
        }
        catch (ConfigException e)
        {
            _logger.LogError("The configuration {Path} cannot run: {Count} problem(s)", settings.ConfigPath, e.Errors.Count);
            foreach (var error in e.Errors)
            {
                _logger.LogError("{Error}", error.ToString());
            }

            return new DiagnosisOutcome.ConfigRefused(settings.ConfigPath, e.Errors);
        }

        loggers.Secrets.AddRange(plan.Secrets.Values);
        var sink = request.FileIssues ? incidentSinks.Create(config, plan.Secrets) : null;
        if (request.FileIssues && sink is null)
        {
            _logger.LogWarning("Incidents were asked for but GITHUB_TOKEN or the repository is not set: none filed");
        }

        var checkCount = plan.Environments.Sum(e => e.Checks.Count);
        _logger.LogInformation(
            "Running {Checks} check(s) in {Environments}",
            checkCount,
            string.Join(", ", plan.Environments.Select(e => e.Environment.Name)));
        var result = await pipeline.RunAsync(plan, sink, progress: null, cancellationToken);
        var summary = result.Report.Summary;
        _logger.LogInformation(
            "Diagnosis {Status} in {Duration} ms: {Pass} pass, {Warn} warn, {Fail} fail, {Error} error, {Skipped} skipped",
            result.Report.Status.ToWire(),
            result.Report.DurationMs,
            summary.Pass,
            summary.Warn,
            summary.Fail,
            summary.Error,
            summary.Skipped);
        foreach (var check in result.Report.AllChecks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error))
        {
            _logger.LogWarning("{Environment}/{Check} {Status}: {Headline}", check.Environment, check.Name, check.Status.ToWire(), check.Headline);
        }

        if (result.Incidents is { } incidents)
        {
            _logger.LogInformation(
                "Incidents: {Opened} opened, {Updated} updated, {Commented} commented, {Closed} closed, {Reopened} reopened",
                incidents.Opened,
                incidents.Updated,
                incidents.Commented,
                incidents.Closed,
                incidents.Reopened);
            foreach (var problem in incidents.Problems)
            {
                _logger.LogWarning("Incidents: {Problem}", problem);
            }
        }

        return new DiagnosisOutcome.Completed(result, request.FileIssues, sink is not null);
    }
}
