namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// The open model (wrk2's): request <c>i</c> is due at <c>start + i / rate</c> whatever the server does, and its
/// latency counts from that due time. Worker <c>k</c> of <c>C</c> owns requests <c>k, k + C, ...</c>; when the server
/// stalls, the worker's later requests start late and the wait is part of their latency, so a stall cannot hide
/// behind the load it holds back (coordinated omission).
/// </summary>
internal static class OpenLoadDriver
{
    // Timers fire up to a millisecond late; waking this early and sending at once keeps our own lateness out of
    // the numbers. A request sent early is measured from its actual start, so this never flatters the server.
    private static readonly TimeSpan WakeEarly = TimeSpan.FromMilliseconds(1.5);

    public static async Task<LoadRunSummary> RunAsync(
        LoadPhase phase, IReadOnlyList<LoadRequestSender> senders, LoadRecorder recorder, TimeProvider time, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        var frequency = (double)time.TimestampFrequency;
        var interval = frequency / phase.Rate;
        var wakeEarly = (long)(WakeEarly.TotalSeconds * frequency);
        var start = time.GetTimestamp();

        // Past this point nothing new is sent: what is still due is counted as timed out at the time it waited.
        var deadline = start + (long)(((phase.Span ?? TimeSpan.Zero) + requestTimeout).TotalSeconds * frequency);
        var abandoned = 0L;

        async Task WorkAsync(LoadRequestSender sender, long first, long step)
        {
            for (var sequence = first; sequence < phase.Requests; sequence += step)
            {
                if (recorder.TargetLooksDown)
                {
                    return;
                }

                var due = start + (long)(sequence * interval);
                var now = time.GetTimestamp();
                if (due - now > wakeEarly)
                {
                    await Task.Delay(TimeSpan.FromSeconds((due - now - wakeEarly) / frequency), time, cancellationToken);
                    now = time.GetTimestamp();
                }

                if (now >= deadline)
                {
                    Abandon(sequence, step, now);
                    return;
                }

                recorder.RecordLateness((now - due) * 1000 / frequency);
                var from = Math.Min(due, now);
                var outcome = await sender.SendAsync();
                var done = time.GetTimestamp();
                recorder.Record(sequence, (due - start) * 1000 / frequency, (done - from) * 1000 / frequency, outcome);
            }
        }

        void Abandon(long sequence, long step, long now)
        {
            for (; sequence < phase.Requests; sequence += step)
            {
                var due = start + (long)(sequence * interval);
                Interlocked.Increment(ref abandoned);
                recorder.Record(sequence, (due - start) * 1000 / frequency, Math.Max(0, now - due) * 1000 / frequency, LoadOutcome.Failure(LoadErrorKind.Timeout, null));
            }
        }

        var workers = new Task[senders.Count];
        for (var i = 0; i < workers.Length; i++)
        {
            var sender = senders[i];
            var first = i;
            workers[i] = Task.Run(() => WorkAsync(sender, first, senders.Count), cancellationToken);
        }

        await Task.WhenAll(workers);
        var stopped = recorder.TargetLooksDown ? "no request got a response"
            : abandoned > 0 ? $"{abandoned} requests were still waiting for a connection when the run's time (duration + request_timeout) ran out; they count as timeouts"
            : null;
        return new LoadRunSummary(time.GetElapsedTime(start), stopped);
    }
}
