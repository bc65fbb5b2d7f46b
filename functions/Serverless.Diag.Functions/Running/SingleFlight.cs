using System.Collections.Concurrent;

namespace Serverless.Diag.Functions.Running;

/// <summary>
/// Callers asking for the same key while a run is in flight share that run instead of starting another,
/// so a burst of "diagnose staging now" requests probes the targets once.
/// </summary>
public sealed class SingleFlight<TResult>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TResult>>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Number of runs in flight (for tests and logs).</summary>
    public int Count => _inFlight.Count;

    /// <param name="run">Started at most once per key at a time; must not depend on one caller's cancellation.</param>
    /// <param name="cancellationToken">Stops this caller waiting; the shared run goes on for the others.</param>
    public async Task<(TResult Result, bool Shared)> RunAsync(string key, Func<Task<TResult>> run, CancellationToken cancellationToken)
    {
        var mine = new Lazy<Task<TResult>>(() => StartAsync(key, run), LazyThreadSafetyMode.ExecutionAndPublication);
        var current = _inFlight.GetOrAdd(key, mine);
        var result = await current.Value.WaitAsync(cancellationToken);
        return (result, !ReferenceEquals(current, mine));
    }

    private async Task<TResult> StartAsync(string key, Func<Task<TResult>> run)
    {
        try
        {
            // Yield first so the Lazy is published before a synchronous run completes and removes it.
            await Task.Yield();
            return await run();
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }
}
