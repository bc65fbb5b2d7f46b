namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// The closed model: each worker sends its next request when the previous one completes, until the
/// requests are used up or the duration passes. Latency is measured from the actual send, as ab and wrk do,
/// so a stalled server also stalls the load and most of the stall goes unseen.
/// </summary>
internal static class ClosedLoadDriver
{
    public static async Task<LoadRunSummary> RunAsync(
        LoadPhase phase, IReadOnlyList<LoadRequestSender> senders, LoadRecorder recorder, TimeProvider time, TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var frequency = (double)time.TimestampFrequency;
        var limit = phase.Duration is { } d && d < maxDuration ? d : maxDuration;
        var deadline = start + (long)(limit.TotalSeconds * frequency);
        var next = -1L;
        var hitCap = false;

        async Task WorkAsync(LoadRequestSender sender)
        {
            while (!recorder.TargetLooksDown)
            {
                var sequence = Interlocked.Increment(ref next);
                if (sequence >= phase.Requests)
                {
                    return;
                }

                var sent = time.GetTimestamp();
                if (sent >= deadline)
                {
                    hitCap |= phase.Duration is null || phase.Duration > maxDuration;
                    return;
                }

                var outcome = await sender.SendAsync();
                var done = time.GetTimestamp();
                recorder.Record(sequence, (sent - start) * 1000 / frequency, (done - sent) * 1000 / frequency, outcome);
            }
        }

        var workers = new Task[senders.Count];
        for (var i = 0; i < workers.Length; i++)
        {
            var sender = senders[i];
            workers[i] = Task.Run(() => WorkAsync(sender), cancellationToken);
        }

        await Task.WhenAll(workers);
        var stopped = recorder.TargetLooksDown ? "no request got a response"
            : hitCap ? $"stopped at the duration cap of {Configuration.Units.FormatDuration(maxDuration)}"
            : null;
        return new LoadRunSummary(time.GetElapsedTime(start), stopped);
    }
}
