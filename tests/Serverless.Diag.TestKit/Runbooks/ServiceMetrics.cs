using System.Globalization;
using System.Text;

namespace Serverless.Diag.TestKit.Runbooks;

/// <summary>
/// The <c>/metrics</c> page of a simulated service, in the Prometheus text format an instrumented FastAPI
/// service exposes. Traffic is simulated: every scrape advances the counters by one "tick" of
/// <see cref="RequestsPerTick"/> requests, so a rate over two scrapes (the metrics check's window, or a real
/// Prometheus scraping every second) always has data, and a fault shows up from the next scrape on.
/// </summary>
public sealed class ServiceMetrics
{
    public static readonly double[] Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Lock _gate = new();
    private readonly long[] _bucketCounts = new long[Buckets.Length + 1];
    private long _ok;
    private long _errors;
    private long _agentErrors;
    private double _durationSum;

    public int RequestsPerTick { get; init; } = 100;

    /// <summary>Of each tick's requests, how many answer 500 ("error rate up").</summary>
    public int ErrorsPerTick { get; set; }

    /// <summary>How long each simulated request takes ("slow responses" when above 2 s).</summary>
    public double RequestSeconds { get; set; } = 0.04;

    /// <summary>agent_errors_total added per tick (the AI SaaS guide's HighErrorRate rule).</summary>
    public int AgentErrorsPerTick { get; set; }

    public string Scrape()
    {
        lock (_gate)
        {
            Tick();
            return Render();
        }
    }

    private void Tick()
    {
        _ok += RequestsPerTick - ErrorsPerTick;
        _errors += ErrorsPerTick;
        _agentErrors += AgentErrorsPerTick;
        var bucket = Array.FindIndex(Buckets, b => RequestSeconds <= b);
        _bucketCounts[bucket < 0 ? Buckets.Length : bucket] += RequestsPerTick;
        _durationSum += RequestsPerTick * RequestSeconds;
    }

    private string Render()
    {
        var text = new StringBuilder()
            .Append("# HELP http_requests_total Requests by status code.\n# TYPE http_requests_total counter\n")
            .Append(CultureInfo.InvariantCulture, $"http_requests_total{{handler=\"/api\",code=\"200\"}} {_ok}\n")
            .Append(CultureInfo.InvariantCulture, $"http_requests_total{{handler=\"/api\",code=\"500\"}} {_errors}\n")
            .Append("# HELP http_request_duration_seconds Request duration.\n# TYPE http_request_duration_seconds histogram\n");
        long cumulative = 0;
        for (var i = 0; i <= Buckets.Length; i++)
        {
            cumulative += _bucketCounts[i];
            var le = i < Buckets.Length ? Buckets[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
            text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{le=\"{le}\"}} {cumulative}\n");
        }

        return text
            .Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_sum {_durationSum.ToString(CultureInfo.InvariantCulture)}\n")
            .Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_count {cumulative}\n")
            .Append("# HELP agent_errors_total Failed agent tasks.\n# TYPE agent_errors_total counter\n")
            .Append(CultureInfo.InvariantCulture, $"agent_errors_total {_agentErrors}\n")
            .ToString();
    }
}
