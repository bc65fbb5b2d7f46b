using Microsoft.Extensions.Time.Testing;

namespace Serverless.Diag.IntegrationTests.Incidents;

/// <summary>
/// A fake clock that knows whether anyone is waiting on it (the sink's retry backoff), so a test moves time only
/// while a wait is pending and scenario timings stay exact.
/// </summary>
internal sealed class PumpableClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _pending;

    public bool HasWaiters => Volatile.Read(ref _pending) > 0;

    public TimeSpan Waited { get; private set; }

    public void Pump(TimeSpan step)
    {
        Waited += step;
        Advance(step);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _pending);
        return new Tracked(timer, this);
    }

    private sealed class Tracked(ITimer inner, PumpableClock clock) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref clock._pending);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
