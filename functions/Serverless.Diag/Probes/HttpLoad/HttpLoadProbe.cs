using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// Runs one load burst: an optional warmup whose results are discarded, then the measured run. Only where the
/// environment says <c>allow_load: true</c> (the planner skips it elsewhere; this is the second lock).
/// </summary>
public sealed class HttpLoadProbe(HttpLoadOptions options, bool allowed) : IProbe
{
    public HttpLoadOptions Options => options;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        if (!allowed)
        {
            return ProbeResult.Failed(ErrorCause.NotAllowed,
                $"environment '{context.Environment}' does not allow load checks: add 'allow_load: true' to it, or limit the check with 'environments: [...]'");
        }

        var (sending, tokenFailure) = await WithTokenAsync(context, cancellationToken);
        if (tokenFailure is not null)
        {
            return tokenFailure;
        }

        using var invoker = LoadHttpHandler.Create(sending);
        var senders = new LoadRequestSender[options.Concurrency];
        for (var i = 0; i < senders.Length; i++)
        {
            senders[i] = new LoadRequestSender(invoker, sending, cancellationToken, context.Trace?.TraceParent);
        }

        var recorder = new LoadRecorder();
        var summary = new LoadRunSummary(TimeSpan.Zero);
        var started = context.TimeProvider.GetTimestamp();
        try
        {
            if (!options.Warmup.IsEmpty)
            {
                var warmup = new LoadRecorder();
                var warmupSummary = await RunPhaseAsync(options.Warmup, senders, warmup, context.TimeProvider, cancellationToken);
                if (warmup.Responses == 0)
                {
                    return NothingAnswered(warmup, warmupSummary, context, "during warmup");
                }
            }

            context.Logger.LogInformation("http-load {Check}: {Model} model, {Requests} requests, {Concurrency} concurrent", context.CheckName, options.Run.Model, options.Run.Requests, options.Concurrency);
            summary = await RunPhaseAsync(options.Run, senders, recorder, context.TimeProvider, cancellationToken);
            context.Logger.LogInformation("http-load {Check}: {Count} requests, {Errors} errors in {Elapsed}", context.CheckName, recorder.Count, recorder.Errors, summary.Elapsed);

            return recorder.Responses == 0
                ? NothingAnswered(recorder, summary, context, string.Empty)
                : LoadResultBuilder.Build(options, recorder, summary, context.Secrets);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The check's timeout (or the run) stopped us: say how far it got, with what was measured so far.
            var elapsed = context.TimeProvider.GetElapsedTime(started);
            var result = LoadResultBuilder.Failed(ErrorCause.Timeout,
                $"the load run did not finish within the check's timeout of {Units.FormatDuration(context.Timeout)} ({recorder.Count} of {options.Run.Requests} requests measured); raise 'timeout'",
                options, recorder, summary with { Elapsed = elapsed }, context.Secrets);
            LoadResultBuilder.AddMeasurements(result.Measurements, recorder, summary with { Elapsed = elapsed });
            return result;
        }
        finally
        {
            foreach (var sender in senders)
            {
                sender.Dispose();
            }
        }
    }

    /// <summary>The options with the token's header, asked once for the whole run; or the error that stops it.</summary>
    private async ValueTask<(HttpLoadOptions Options, ProbeResult? Failure)> WithTokenAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        if (options.TokenSource is not { } source)
        {
            return (options, null);
        }

        var (header, error) = await Auth.TokenAuthorization.HeaderAsync(source, context, cancellationToken);
        if (error is not null || header is not { } value)
        {
            return (options, new ProbeResult { Error = error }.WithHint(Http.HttpHints.TokenSource));
        }

        return (options with { Headers = [.. options.Headers.Where(h => !h.Key.Equals(value.Key, StringComparison.OrdinalIgnoreCase)), value] }, null);
    }

    private Task<LoadRunSummary> RunPhaseAsync(LoadPhase phase, LoadRequestSender[] senders, LoadRecorder recorder, TimeProvider time, CancellationToken cancellationToken) =>
        phase.Model == LoadModel.Open
            ? OpenLoadDriver.RunAsync(phase, senders, recorder, time, options.RequestTimeout, cancellationToken)
            : ClosedLoadDriver.RunAsync(phase, senders, recorder, time, options.MaxDuration, cancellationToken);

    private ProbeResult NothingAnswered(LoadRecorder recorder, LoadRunSummary summary, ProbeContext context, string when)
    {
        var kind = LoadErrorKinds.All.Where(k => k is not LoadErrorKind.None).MaxBy(recorder.ErrorCount);
        var sample = recorder.SampleMessage(kind) is { } s ? $" (first: {s})" : string.Empty;
        var message = $"no request got a response{(when.Length > 0 ? " " + when : string.Empty)}: {recorder.ErrorCount(kind)} of {recorder.Count} failed with {LoadErrorKinds.Name(kind)}{sample}";
        return LoadResultBuilder.Failed(LoadErrorKinds.Cause(kind), message, options, recorder, summary, context.Secrets);
    }
}
