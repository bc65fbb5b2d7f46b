using Microsoft.Extensions.Logging;
using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Running;

/// <summary>Runs one planned check: attempts with a timeout each, retries, assertions, a redacted report.</summary>
internal sealed class CheckExecutor(TimeProvider timeProvider, ILogger logger, SecretRedactor secrets)
{
    // A probe that ignores its cancellation token is abandoned this long after its timeout.
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromMilliseconds(500);

    public async Task<CheckReport> ExecuteAsync(PlannedCheck check, CancellationToken cancellationToken)
    {
        var definition = check.Definition;
        if (check.Probe is null)
        {
            return CheckReports.Skipped(check, "the check could not be built", skippedBecauseOf: null);
        }

        var started = timeProvider.GetTimestamp();
        Outcome outcome = default;
        var attempts = 0;
        for (var attempt = 1; attempt <= definition.Retries + 1; attempt++)
        {
            attempts = attempt;
            outcome = await AttemptAsync(check, attempt, cancellationToken);
            if (outcome.Status is CheckStatus.Pass or CheckStatus.Warn || attempt > definition.Retries)
            {
                break;
            }

            logger.LogDebug("{Environment}/{Check} attempt {Attempt} was {Status}; retrying", check.Environment.Name, definition.Name, attempt, outcome.Status);
            await Task.Delay(definition.RetryDelay, timeProvider, cancellationToken);
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        return CheckReports.From(check, outcome.Status, outcome.Result, outcome.Assertions, elapsed, attempts, secrets);
    }

    private async Task<Outcome> AttemptAsync(PlannedCheck check, int attempt, CancellationToken cancellationToken)
    {
        var definition = check.Definition;
        using var deadline = AttemptDeadline.Start(definition.Timeout, timeProvider, cancellationToken);
        var context = new ProbeContext
        {
            Environment = check.Environment.Name,
            CheckName = definition.Name,
            Timeout = definition.Timeout,
            TimeProvider = timeProvider,
            Logger = logger,
            Secrets = secrets,
            Assertions = check.Assertions,
            Attempt = attempt,
        };

        ProbeResult result;
        try
        {
            var probe = check.Probe!.RunAsync(context, deadline.Token);
            try
            {
                // No timer of its own: the wait ends when the probe does, or when the timeout (or the run) cancels.
                result = await probe.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.Token.IsCancellationRequested)
            {
                // The probe had its token cancelled: give it a moment to report its own timeout cause (the stage it
                // was in), then abandon it.
                result = await probe.WaitAsync(AbandonGrace, timeProvider, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            result = ProbeResult.Failed(ErrorCause.Timeout, $"no result within {Units.FormatDuration(definition.Timeout)}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = ProbeResult.Failed(ErrorCause.Internal, "the run was cancelled");
        }
        catch (Exception e)
        {
            // A probe bug must not stop the run; the message is redacted with the rest of the report.
            logger.LogWarning("{Environment}/{Check} probe threw {Exception}", check.Environment.Name, definition.Name, secrets.Redact(e.GetType().Name + ": " + e.Message));
            result = ProbeResult.Failed(ErrorCause.Internal, $"{e.GetType().Name}: {e.Message}");
        }

        if (result.Error is not null)
        {
            return new Outcome(CheckStatus.Error, result, []);
        }

        var assertions = new List<AssertionResult>(check.Assertions.Count);
        var status = CheckStatus.Pass;
        foreach (var assertion in check.Assertions)
        {
            var evaluated = AssertionEvaluator.Evaluate(assertion, result.Measurements);
            assertions.Add(evaluated);
            if (!evaluated.Passed)
            {
                status = evaluated.Level == AssertionLevel.Fail ? CheckStatus.Fail : status == CheckStatus.Fail ? status : CheckStatus.Warn;
            }
        }

        if (status == CheckStatus.Pass && result.Warnings.Count > 0)
        {
            status = CheckStatus.Warn;
        }

        return new Outcome(status, result, assertions);
    }

    private readonly record struct Outcome(CheckStatus Status, ProbeResult Result, IReadOnlyList<AssertionResult> Assertions);
}
