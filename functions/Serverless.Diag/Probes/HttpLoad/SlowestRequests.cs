namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>One request worth showing: which one, when it started in the run, how long it took, how it ended.</summary>
public readonly record struct SlowRequest(long Sequence, double StartedAtMs, double LatencyMs, int Status, LoadErrorKind Error);

/// <summary>
/// The N slowest requests of a run. The common case (not among the slowest) is one volatile read and no lock,
/// so recording stays cheap however many requests run.
/// </summary>
public sealed class SlowestRequests(int capacity)
{
    private readonly List<SlowRequest> _items = new(capacity + 1);
    private readonly Lock _lock = new();
    private double _threshold = double.NegativeInfinity;

    public void Offer(in SlowRequest request)
    {
        if (request.LatencyMs <= Volatile.Read(ref _threshold))
        {
            return;
        }

        lock (_lock)
        {
            var index = 0;
            while (index < _items.Count && _items[index].LatencyMs >= request.LatencyMs)
            {
                index++;
            }

            _items.Insert(index, request);
            if (_items.Count > capacity)
            {
                _items.RemoveAt(_items.Count - 1);
            }

            if (_items.Count == capacity)
            {
                Volatile.Write(ref _threshold, _items[^1].LatencyMs);
            }
        }
    }

    /// <summary>Slowest first.</summary>
    public IReadOnlyList<SlowRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }
}
