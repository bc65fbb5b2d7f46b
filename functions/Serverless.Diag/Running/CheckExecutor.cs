using Microsoft.Extensions.Logging;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Running;

/// <summary>Runs one planned check: attempts with a timeout each, retries, assertions, a redacted report.</summary>
/// <remarks>
/// One async method per check, attempts included: a check is the unit of work a thousand times per run, and
/// every async layer between the worker and the probe costs a state machine and a continuation on each.
/// </remarks>
internal sealed class CheckExecutor(TimeProvider timeProvider, ILogger logger, SecretRedactor secrets)
{
    // A probe that ignores its cancellation token is abandoned this long after its timeout.
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromMilliseconds(500);

    public async Task<CheckReport> ExecuteAsync(PlannedCheck check, CancellationToken cancellationToken)
    {
        var definition = check.Definition;
        if (check.Probe is not { } probe)
        {
            return CheckReports.Skipped(check, "the check could not be built", skippedBecauseOf: null);
        }

        var started = timeProvider.GetTimestamp();
        var trace = definition.Trace ? TraceContext.CreateRandom() : null;
        var attempt = 0;
        while (true)
        {
            attempt++;
            ProbeResult result;
            using (var deadline = AttemptDeadline.Start(definition.Timeout, timeProvider, cancellationToken))
            {
                try
                {
                    var running = probe.RunAsync(Context(check, attempt, trace), deadline.Token);
                    try
                    {
                        // No timer of its own: the wait ends when the probe does, or when the timeout (or the run) cancels.
                        result = await running.WaitAsync(deadline.Token);
                    }
                    catch (OperationCanceledException) when (deadline.Token.IsCancellationRequested)
                    {
                        // The probe had its token cancelled: give it a moment to report its own timeout cause (the
                        // stage it was in), then abandon it.
                        result = await running.WaitAsync(AbandonGrace, timeProvider, cancellationToken);
                    }
                }
                catch (Exception e)
                {
                    result = Failure(check, e, cancellationToken);
                }
            }

            var (status, assertions) = Evaluate(check, result);
            if (status is CheckStatus.Pass or CheckStatus.Warn || attempt > definition.Retries)
            {
                return CheckReports.From(check, status, result, assertions, timeProvider.GetElapsedTime(started), attempt, secrets, trace);
            }

            logger.LogDebug("{Environment}/{Check} attempt {Attempt} was {Status}; retrying", check.Environment.Name, definition.Name, attempt, status);
            await Task.Delay(definition.RetryDelay, timeProvider, cancellationToken);
        }
    }

    private ProbeContext Context(PlannedCheck check, int attempt, TraceContext? trace) => new()
    {
        Environment = check.Environment.Name,
        CheckName = check.Definition.Name,
        Timeout = check.Definition.Timeout,
        TimeProvider = timeProvider,
        Logger = logger,
        Secrets = secrets,
        Assertions = check.Assertions,
        Attempt = attempt,
        Trace = trace,
    };

    /// <summary>What a probe that threw, or never answered, is reported as.</summary>
    private ProbeResult Failure(PlannedCheck check, Exception e, CancellationToken runCancelled)
    {
        switch (e)
        {
            case OperationCanceledException when runCancelled.IsCancellationRequested:
                return ProbeResult.Failed(ErrorCause.Internal, "the run was cancelled");
            case OperationCanceledException or TimeoutException:
                return ProbeResult.Failed(ErrorCause.Timeout, $"no result within {Units.FormatDuration(check.Definition.Timeout)}");
            default:
                // A probe bug must not stop the run; the message is redacted with the rest of the report.
                logger.LogWarning("{Environment}/{Check} probe threw {Exception}", check.Environment.Name, check.Definition.Name, secrets.Redact(e.GetType().Name + ": " + e.Message));
                return ProbeResult.Failed(ErrorCause.Internal, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private (CheckStatus Status, IReadOnlyList<AssertionResult> Assertions) Evaluate(PlannedCheck check, ProbeResult result)
    {
        if (result.Error is not null)
        {
            return (CheckStatus.Error, []);
        }

        var findings = result.HasFindings ? result.Findings : null;
        var assertions = new AssertionResult[check.Assertions.Count + (findings?.Count ?? 0)];
        var status = CheckStatus.Pass;
        for (var i = 0; i < check.Assertions.Count; i++)
        {
            var evaluated = assertions[i] = AssertionEvaluator.Evaluate(check.Assertions[i], result.Measurements, secrets, check.Baselines);
            if (!evaluated.Passed)
            {
                status = evaluated.Level == AssertionLevel.Fail ? CheckStatus.Fail : status == CheckStatus.Fail ? status : CheckStatus.Warn;
            }
        }

        for (var i = 0; i < (findings?.Count ?? 0); i++)
        {
            var finding = findings![i];
            assertions[check.Assertions.Count + i] = new AssertionResult(finding.Expectation, Passed: false, finding.Actual, AssertionLevel.Fail, finding.Source ?? "a built-in check of this check type");
            status = CheckStatus.Fail;
        }

        if (status == CheckStatus.Pass && result.HasWarnings)
        {
            status = CheckStatus.Warn;
        }

        return (status, assertions);
    }
}
