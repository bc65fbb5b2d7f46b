namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// Hard caps, enforced when the config is validated, so a typo cannot turn a diagnostic into a denial of service.
/// Warmup counts toward the caps: they bound what the check sends, not only what it measures.
/// </summary>
public static class HttpLoadLimits
{
    public const int MaxRequests = 1_000_000;

    public const int MaxConcurrency = 1_000;

    public const double MaxRate = 100_000;

    public static TimeSpan MaxDuration { get; } = TimeSpan.FromMinutes(5);

    public static TimeSpan MaxRequestTimeout { get; } = TimeSpan.FromMinutes(1);

    public static TimeSpan DefaultRequestTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections the open model uses when <c>concurrency</c> is not given (at most one per request per second).</summary>
    public const int DefaultOpenConcurrency = 64;

    /// <summary>A run stops early when this many attempts in a row got no HTTP response at all and none ever did.</summary>
    public const int AbortAfterUnansweredAttempts = 100;
}
