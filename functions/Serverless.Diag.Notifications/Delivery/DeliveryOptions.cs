namespace Serverless.Diag.Notifications.Delivery;

/// <summary>How hard one run tries to deliver a notification before leaving it to the next run.</summary>
public sealed record DeliveryOptions
{
    /// <summary>Per request; a receiver that hangs longer is a failed attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts within one run (the first included).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Backoff before the second attempt, doubled each time.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for in this run: the next run tries again.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs after which an undeliverable notification is given up (it is logged each time).</summary>
    public int MaxRuns { get; init; } = 10;
}
