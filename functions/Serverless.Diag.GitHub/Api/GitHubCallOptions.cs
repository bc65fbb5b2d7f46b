namespace Serverless.Diag.GitHub.Api;

/// <summary>How hard to try before leaving the work to the next run.</summary>
internal sealed record GitHubCallOptions
{
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First backoff step; doubles per attempt when GitHub gives no hint.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait; a rate limit resetting later than this defers the rest of the run's work.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A request not answered within this is treated as a dropped connection.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>GitHub's advice for a secondary rate limit without Retry-After: wait at least a minute.</summary>
    public TimeSpan SecondaryRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);
}
