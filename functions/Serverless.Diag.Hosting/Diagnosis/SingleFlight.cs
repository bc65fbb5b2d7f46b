using System.Collections.Concurrent;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// Callers asking for the same key while a run is in flight share that run instead of starting another,
/// so a burst of "diagnose staging now" requests probes the targets once.
/// </summary>
public sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Flight> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Number of runs in flight (distinct keys).</summary>
    public int Count => _inFlight.Count;

    /// <summary>How many callers are waiting on the run for <paramref name="key"/> (0 when none is in flight).</summary>
    public int Waiters(string key) => _inFlight.TryGetValue(key, out var flight) ? Volatile.Read(ref flight.Waiters) : 0;

    /// <param name="run">Started at most once per key at a time; must not depend on one caller's cancellation.</param>
    /// <param name="cancellationToken">Stops this caller waiting; the shared run goes on for the others.</param>
    public async Task<(TResult Result, bool Shared)> RunAsync(string key, Func<Task<TResult>> run, CancellationToken cancellationToken)
    {
        var mine = new Flight();
        mine.Run = new Lazy<Task<TResult>>(() => StartAsync(key, mine, run), LazyThreadSafetyMode.ExecutionAndPublication);
        var current = _inFlight.GetOrAdd(key, mine);
        Interlocked.Increment(ref current.Waiters);
        var result = await current.Run!.Value.WaitAsync(cancellationToken);
        return (result, !ReferenceEquals(current, mine));
    }

    private async Task<TResult> StartAsync(string key, Flight flight, Func<Task<TResult>> run)
    {
        try
        {
            // Yield first so the flight is published before a synchronous run completes and removes it.
            await Task.Yield();
            return await run();
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<string, Flight>(key, flight));
        }
    }

    private sealed class Flight
    {
        public int Waiters;

        public Lazy<Task<TResult>>? Run { get; set; }
    }
}
