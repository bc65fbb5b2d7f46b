using HdrHistogram;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// Everything a run measured, in constant memory: an HDR histogram of latencies (microseconds, 3 significant
/// digits), counts per status code and per error kind, the slowest requests and one sample message per error kind.
/// Safe to record from every worker at once.
/// </summary>
public sealed class LoadRecorder
{
    /// <summary>One hour in microseconds: above any request timeout plus any queueing a capped run can build up.</summary>
    public const long HighestTrackableMicros = 3_600_000_000;

    private const int SlowestShown = 10;

    private readonly LongConcurrentHistogram _latency = new(1, HighestTrackableMicros, 3);
    private readonly long[] _statuses = new long[600];
    private readonly long[] _errors = new long[LoadErrorKinds.Count];
    private readonly string?[] _samples = new string?[LoadErrorKinds.Count];
    private readonly SlowestRequests _slowest = new(SlowestShown);
    private long _count;
    private long _responses;
    private long _unansweredInARow;
    private long _late;
    private long _maxLatenessMicros;

    public long Count => Interlocked.Read(ref _count);

    public long Responses => Interlocked.Read(ref _responses);

    public long Errors => _errors.Sum();

    public HistogramBase Latency => _latency;

    public IReadOnlyList<SlowRequest> Slowest => _slowest.Snapshot();

    /// <summary>Open model: requests that started more than 1 ms after their scheduled time (all connections were busy).</summary>
    public long LateStarts => Interlocked.Read(ref _late);

    public double MaxLatenessMs => Interlocked.Read(ref _maxLatenessMicros) / 1000.0;

    /// <summary>Nothing has ever answered and the last attempts all failed: the target is down, stop hammering it.</summary>
    public bool TargetLooksDown =>
        Interlocked.Read(ref _responses) == 0 && Interlocked.Read(ref _unansweredInARow) >= HttpLoadLimits.AbortAfterUnansweredAttempts;

    public long ErrorCount(LoadErrorKind kind) => Interlocked.Read(ref _errors[(int)kind]);

    public string? SampleMessage(LoadErrorKind kind) => Volatile.Read(ref _samples[(int)kind]);

    public IEnumerable<(int Status, long Count)> StatusCounts()
    {
        for (var code = 0; code < _statuses.Length; code++)
        {
            var count = Interlocked.Read(ref _statuses[code]);
            if (count > 0)
            {
                yield return (code, count);
            }
        }
    }

    public void Record(long sequence, double startedAtMs, double latencyMs, in LoadOutcome outcome)
    {
        var micros = Math.Clamp((long)(latencyMs * 1000), 1, HighestTrackableMicros);
        _latency.RecordValue(micros);
        Interlocked.Increment(ref _count);

        if (outcome.GotResponse)
        {
            Interlocked.Increment(ref _responses);
            if (Volatile.Read(ref _unansweredInARow) != 0)
            {
                Interlocked.Exchange(ref _unansweredInARow, 0);
            }

            Interlocked.Increment(ref _statuses[outcome.Status < _statuses.Length ? outcome.Status : 0]);
        }
        else
        {
            Interlocked.Increment(ref _unansweredInARow);
        }

        if (outcome.Error != LoadErrorKind.None)
        {
            Interlocked.Increment(ref _errors[(int)outcome.Error]);
            if (outcome.Exception is { } e && Volatile.Read(ref _samples[(int)outcome.Error]) is null)
            {
                Interlocked.CompareExchange(ref _samples[(int)outcome.Error], Describe(e), null);
            }
        }

        _slowest.Offer(new SlowRequest(sequence, startedAtMs, latencyMs, outcome.Status, outcome.Error));
    }

    public void RecordLateness(double latenessMs)
    {
        if (latenessMs <= 1)
        {
            return;
        }

        Interlocked.Increment(ref _late);
        var micros = (long)(latenessMs * 1000);
        var current = Interlocked.Read(ref _maxLatenessMicros);
        while (micros > current)
        {
            var seen = Interlocked.CompareExchange(ref _maxLatenessMicros, micros, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }
    }

    /// <summary>Latency at a percentile, in milliseconds.</summary>
    public double Percentile(double percentile) =>
        Count == 0 ? 0 : _latency.HighestEquivalentValue(_latency.GetValueAtPercentile(percentile)) / 1000.0;

    public double MaxMs => Count == 0 ? 0 : _latency.GetMaxValue() / 1000.0;

    private static string Describe(Exception e)
    {
        // The innermost message names the actual fault ("Connection refused"), the outer one the context.
        var inner = e.GetBaseException();
        return inner == e || inner.Message == e.Message ? $"{e.GetType().Name}: {e.Message}" : $"{e.GetType().Name}: {e.Message} ({inner.Message})";
    }
}
