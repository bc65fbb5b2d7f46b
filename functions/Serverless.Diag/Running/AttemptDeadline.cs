namespace Serverless.Diag.Running;

/// <summary>The token of one attempt: it fires when the check's timeout passes or the run is cancelled.</summary>
internal readonly struct AttemptDeadline : IDisposable
{
    private readonly CancellationTokenSource _linked;
    private readonly CancellationTokenSource? _timer;

    private AttemptDeadline(CancellationTokenSource linked, CancellationTokenSource? timer)
    {
        _linked = linked;
        _timer = timer;
    }

    public CancellationToken Token => _linked.Token;

    public static AttemptDeadline Start(TimeSpan timeout, TimeProvider timeProvider, CancellationToken runCancelled)
    {
        if (timeProvider == TimeProvider.System)
        {
            // One source per attempt instead of two: on the system clock CancelAfter is the same timer.
            var linked = CancellationTokenSource.CreateLinkedTokenSource(runCancelled);
            linked.CancelAfter(timeout);
            return new AttemptDeadline(linked, timer: null);
        }

        // Another clock (a test's fake time) drives the timeout through its own timer.
        var timer = new CancellationTokenSource(timeout, timeProvider);
        return new AttemptDeadline(CancellationTokenSource.CreateLinkedTokenSource(runCancelled, timer.Token), timer);
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timer?.Dispose();
    }
}
