using System.Globalization;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.State;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// Load, plan, run and file incidents for one request, sharing a run with identical requests in flight.
/// The config is read on every run: what was deployed is what runs, and a broken file is reported per call.
/// </summary>
/// <remarks>
/// What an operator sees per run: one summary line at Information, one Warning per failing check, an Error for
/// a config or incident-store problem, and nothing twice (the hosts log nothing more about a run).
/// </remarks>
/// <param name="stopping">Cancelled when the host shuts down: the only thing that stops a run shared by its callers.</param>
public sealed class DiagnosisService(
    DiagnosisPipeline pipeline,
    DiagnosisSettings settings,
    IIncidentSinkFactory incidentSinks,
    IIncidentFilingLock filingLock,
    RedactingLoggerFactory loggers,
    Func<string, string?> environment,
    CancellationToken stopping,
    TimeProvider? prepareClock = null) : IDisposable
{
    private readonly SingleFlight<DiagnosisOutcome> _runs = new();
    private readonly SemaphoreSlim _preparing = new(Math.Max(1, System.Environment.ProcessorCount));
    private readonly SemaphoreSlim _running = new(settings.MaxParallelRuns);
    // Real time by default, not the app's clock: the limit is on the work's wall time, and a test that moves a fake
    // clock for the schedule must not time out a load in flight.
    private readonly TimeProvider _prepareClock = prepareClock ?? TimeProvider.System;
    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.Diagnosis");

    /// <summary>Runs in flight (distinct selections).</summary>
    public int InFlight => _runs.Count;

    public DiagnosisSettings Settings => settings;

    /// <summary>The state store (DIAG_STATE) runs remember through; none unless set.</summary>
    public DiagnosisState? State { get; init; }

    public void Dispose()
    {
        _preparing.Dispose();
        _running.Dispose();
    }

    /// <summary>Callers waiting on the run for this selection.</summary>
    public int Waiting(DiagnosisRequest request) => _runs.Waiters(request.Key);

    /// <param name="trigger">What started the run, for the summary line ("timer", "timer (past due)", "http").</param>
    /// <param name="cancellationToken">Stops this caller waiting; a run shared with others goes on.</param>
    public async Task<DiagnosisOutcome> RunAsync(DiagnosisRequest request, RunFilter filter, string trigger, CancellationToken cancellationToken)
    {
        var (outcome, _) = await _runs.RunAsync(request.Key, () => RunOnceAsync(request, filter, trigger), cancellationToken);
        return outcome;
    }

    private async Task<DiagnosisOutcome> RunOnceAsync(DiagnosisRequest request, RunFilter filter, string trigger)
    {
        // The run belongs to everyone waiting on it: only shutdown stops it, not one caller going away.
        var cancellationToken = stopping;
        var keyVault = new KeyVaultReferences();
        var settingsForRun = keyVault.Guard(environment);

        // Loading and planning are CPU work on a thread of their own, so a pathologically slow file costs its caller
        // settings.PrepareLimit and no more (the work itself, bounded by the config limits, finishes in the background).
        var preparing = Task.Run(() => PrepareGatedAsync(request, filter, settingsForRun, keyVault, trigger, cancellationToken), cancellationToken);
        Prepared prepared;
        try
        {
            prepared = await preparing.WaitAsync(settings.PrepareLimit, _prepareClock, cancellationToken);
        }
        catch (TimeoutException)
        {
            var problem = $"loading and planning {Path.GetFileName(settings.ConfigPath)} took longer than {settings.PrepareLimit.TotalSeconds:0} s; nothing was checked. Keep the file within the documented config limits.";
            return Refuse(new DiagnosisOutcome.ConfigRefused(settings.ConfigPath, [problem]), keyVault, trigger);
        }

        if (prepared.Refusal is { } refusal)
        {
            return refusal;
        }

        var (config, plan) = (prepared.Config!, prepared.Plan!);

        // Registered before anything can print them; GITHUB_TOKEN is read (and registered) by the sink.
        loggers.Secrets.AddRange(plan.Secrets.Values);
        var sink = request.FileIssues ? incidentSinks.Create(config, plan.Secrets, settingsForRun) : null;
        if (keyVault.Unresolved.Count > 0)
        {
            return Refuse(new DiagnosisOutcome.ConfigRefused(settings.ConfigPath, []), keyVault, trigger);
        }

        // With a store: only the checks that are due (timer), thresholds and history recorded, pending checks marked.
        // At most settings.MaxParallelRuns runs probe at once, so memory (bodies read, results kept) is bounded whatever
        // the number of callers; time spent waiting for a turn comes out of the run's budget.
        var queued = _prepareClock.GetTimestamp();
        await _running.WaitAsync(cancellationToken);
        MemoryRun run;
        try
        {
            var budget = request.Budget is { } total ? Remaining(total, _prepareClock.GetElapsedTime(queued)) : (TimeSpan?)null;
            run = await pipeline.RunWithMemoryAsync(
                plan, progress: null, new RunOptions { State = State?.Store, DueOnly = request.DueOnly, Budget = budget }, cancellationToken);
        }
        finally
        {
            _running.Release();
        }

        var report = run.Report;

        // Availability results go out while incidents are filed: the exporter's bounded flush adds nothing then.
        var telemetry = pipeline.Availability?.PublishAsync(report, cancellationToken);
        var incidents = sink is null ? null : await FileIncidentsAsync(sink, report, config, cancellationToken);
        report = await IncidentSilences.ApplyAsync(report, incidents, State?.Store, pipeline.Time, _logger, cancellationToken);
        var availability = telemetry is null ? null : await telemetry;
        LogSummary(report, trigger, request, sink is not null, incidents);
        return new DiagnosisOutcome.Completed(new DiagnosisResult(report, incidents, run.Ran, availability), request.FileIssues, sink is not null, config);
    }

    // A run that waited out its whole budget still starts, with a moment to report every check as not run.
    private static TimeSpan Remaining(TimeSpan budget, TimeSpan waited) =>
        budget - waited > TimeSpan.FromSeconds(1) ? budget - waited : TimeSpan.FromSeconds(1);

    private sealed record Prepared(DiagConfig? Config, RunPlan? Plan, DiagnosisOutcome? Refusal);

    /// <summary>At most one load per core at a time: a burst of calls for different selections cannot multiply a large file's memory.</summary>
    private async Task<Prepared> PrepareGatedAsync(DiagnosisRequest request, RunFilter filter, Func<string, string?> settingsForRun, KeyVaultReferences keyVault, string trigger, CancellationToken cancellationToken)
    {
        await _preparing.WaitAsync(cancellationToken);
        try
        {
            return Prepare(request, filter, settingsForRun, keyVault, trigger);
        }
        finally
        {
            _preparing.Release();
        }
    }

    private Prepared Prepare(DiagnosisRequest request, RunFilter filter, Func<string, string?> settingsForRun, KeyVaultReferences keyVault, string trigger)
    {
        try
        {
            var config = pipeline.LoadConfig(settings.ConfigPath);
            if (UnknownTags(config, request.Tags) is { } unknownTags)
            {
                _logger.LogInformation("Refused a {Trigger} request: {Message}", trigger, unknownTags.Message);
                return new Prepared(null, null, unknownTags);
            }

            if (State?.Problem is { } stateProblem)
            {
                return new Prepared(null, null, Refuse(new DiagnosisOutcome.ConfigRefused(settings.ConfigPath, [$"app setting '{StateStores.Variable}': {stateProblem}"]), keyVault, trigger));
            }

            StatePolicy.RequireStoreIfNeeded(config, State?.Store is not null);
            return new Prepared(config, pipeline.Plan(config, filter, settingsForRun), null);
        }
        catch (SelectionException e)
        {
            _logger.LogInformation("Refused a {Trigger} request: {Message}", trigger, e.Message);
            return new Prepared(null, null, new DiagnosisOutcome.UnknownSelection(e.Message, e.ValidNames));
        }
        catch (ConfigException e)
        {
            return new Prepared(null, null, Refuse(DiagnosisOutcome.ConfigRefused.From(settings.ConfigPath, e.Errors.Where(error => !NamesAny(error, keyVault.Unresolved))), keyVault, trigger));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the file does to the loader, the host answers and stays up; the log has the exception.
            _logger.LogError(e, "Loading {Path} failed unexpectedly", Path.GetFileName(settings.ConfigPath));
            var problem = $"{Path.GetFileName(settings.ConfigPath)} could not be loaded: internal error ({e.GetType().Name}); see the app's logs";
            return new Prepared(null, null, Refuse(new DiagnosisOutcome.ConfigRefused(settings.ConfigPath, [problem]), keyVault, trigger));
        }
    }

    private async Task<IncidentSummary> FileIncidentsAsync(IIncidentSink sink, RunReport report, DiagConfig config, CancellationToken cancellationToken)
    {
        IncidentFilingHold held;
        try
        {
            held = await filingLock.AcquireAsync([.. report.Environments.Select(e => e.Name)], cancellationToken);
        }
        catch (IncidentLockException e)
        {
            var problem = $"incidents not filed: the filing lock is unavailable ({e.Message})";
            _logger.LogError("{Problem}", problem);
            return IncidentSummary.Empty with { Problems = [problem] };
        }

        await using (held)
        {
            // Environments another instance is filing right now are left to it (the lock logged why).
            var mine = held.Environments.Count == report.Environments.Count
                ? report
                : report with { Environments = [.. report.Environments.Where(e => held.Environments.Contains(e.Name))] };
            var summary = mine.Environments.Count == 0 ? IncidentSummary.Empty : await sink.PublishAsync(mine, config, cancellationToken);
            foreach (var problem in summary.Problems)
            {
                _logger.LogError("Incidents: {Problem}", problem);
            }

            return held.Problems.Count == 0 ? summary : summary with { Problems = [.. summary.Problems, .. held.Problems] };
        }
    }

    private DiagnosisOutcome.ConfigRefused Refuse(DiagnosisOutcome.ConfigRefused refused, KeyVaultReferences keyVault, string trigger)
    {
        var problems = keyVault.Unresolved.Select(KeyVaultReferences.Problem).Concat(refused.Problems).ToList();
        _logger.LogError(
            "Diagnosis ({Trigger}) not run: the configuration {Path} cannot run: {Problems}",
            trigger,
            Path.GetFileName(settings.ConfigPath),
            string.Join(" | ", problems));
        return refused with { Problems = problems };
    }

    private void LogSummary(RunReport report, string trigger, DiagnosisRequest request, bool filing, IncidentSummary? incidents)
    {
        var s = report.Summary;
        var incidentText = incidents is { } i
            ? string.Create(CultureInfo.InvariantCulture, $"{i.Opened} opened, {i.Updated} updated, {i.Commented} commented, {i.Closed} closed, {i.Reopened} reopened, {i.Problems.Count} problem(s)")
            : request.FileIssues && !filing ? "not configured (GITHUB_TOKEN, repository)" : "not requested";
        _logger.LogInformation(
            "Diagnosis ({Trigger}) {Status} in {Duration} ms: {Total} check(s), {Pass} pass, {Warn} warn, {Fail} fail, {Error} error, {Skipped} skipped{NotDue}; incidents: {Incidents}",
            trigger,
            report.Status.ToWire(),
            report.DurationMs,
            s.Total,
            s.Pass,
            s.Warn,
            s.Fail,
            s.Error,
            s.Skipped,
            report.State is { NotDue.Count: > 0 } state ? string.Create(CultureInfo.InvariantCulture, $", {state.NotDue.Count} not due") : string.Empty,
            incidentText);
        foreach (var check in report.AllChecks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error))
        {
            _logger.LogWarning("{Environment}/{Check} {Status}: {Headline}", check.Environment, check.Name, check.Status.ToWire(), check.Headline);
        }
    }

    // The planner does not refuse a tag no check carries; a caller asking for one would get an empty "pass".
    private static DiagnosisOutcome.UnknownSelection? UnknownTags(DiagConfig config, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        var known = config.Checks.SelectMany(c => c.Tags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknown = tags.Where(t => !known.Contains(t, StringComparer.Ordinal)).ToList();
        if (unknown.Count == 0)
        {
            return null;
        }

        var message = $"unknown tag {string.Join(", ", unknown.Select(t => $"'{Shorten(t)}'"))} (valid: {(known.Count == 0 ? "none: no check has tags" : string.Join(", ", known))})";
        return new DiagnosisOutcome.UnknownSelection(message, known);
    }

    private static string Shorten(string name) => name.Length > 64 ? name[..64] + "…" : name;

    private static bool NamesAny(ConfigError error, IReadOnlyList<string> settingsNames) =>
        settingsNames.Any(name => error.Message.Contains($"'{name}'", StringComparison.Ordinal));
}
