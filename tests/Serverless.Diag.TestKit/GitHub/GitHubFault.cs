namespace Serverless.Diag.TestKit.GitHub;

public enum GitHubFaultKind
{
    ServerError,
    BadGateway,
    RateLimited,
    SecondaryRateLimit,
    TooManyRequests,
    Unprocessable,
    DropConnection,
    DropAfterApply,
    Slow,
    HoldAnswer,
}

/// <summary>A failure the fake GitHub answers with instead of (or around) the real handling.</summary>
/// <param name="RetryAfter">Retry-After for 429 and the secondary rate limit; reset delay for the primary rate limit.</param>
/// <param name="Delay">For <see cref="GitHubFaultKind.Slow"/>: how long before the answer (real time).</param>
public sealed record GitHubFault(GitHubFaultKind Kind, TimeSpan? RetryAfter = null, TimeSpan? Delay = null)
{
    /// <summary>For <see cref="GitHubFaultKind.HoldAnswer"/>: the answer is computed, then held until this completes.</summary>
    public Task? Release { get; init; }

    /// <summary>Handled at once (a listing sees the state of that moment), answered only when <paramref name="release"/> completes: races made deterministic.</summary>
    public static GitHubFault HoldAnswer(Task release) => new(GitHubFaultKind.HoldAnswer) { Release = release };

    public static GitHubFault ServerError() => new(GitHubFaultKind.ServerError);

    public static GitHubFault BadGateway() => new(GitHubFaultKind.BadGateway);

    /// <summary>403 with X-RateLimit-Remaining: 0 and X-RateLimit-Reset <paramref name="resetIn"/> from the fake's clock.</summary>
    public static GitHubFault RateLimited(TimeSpan resetIn) => new(GitHubFaultKind.RateLimited, resetIn);

    /// <summary>403 "You have exceeded a secondary rate limit", with Retry-After when given.</summary>
    public static GitHubFault SecondaryRateLimit(TimeSpan? retryAfter = null) => new(GitHubFaultKind.SecondaryRateLimit, retryAfter);

    public static GitHubFault TooManyRequests(TimeSpan retryAfter) => new(GitHubFaultKind.TooManyRequests, retryAfter);

    public static GitHubFault Unprocessable() => new(GitHubFaultKind.Unprocessable);

    /// <summary>The connection is closed before the request is handled: nothing happened.</summary>
    public static GitHubFault DropConnection() => new(GitHubFaultKind.DropConnection);

    /// <summary>The request is handled, then the connection is closed: it happened, but the client never hears so.</summary>
    public static GitHubFault DropAfterApply() => new(GitHubFaultKind.DropAfterApply);

    /// <summary>Answered (and applied) only after <paramref name="delay"/> of real time.</summary>
    public static GitHubFault Slow(TimeSpan delay) => new(GitHubFaultKind.Slow, Delay: delay);
}

/// <summary>Which requests a fault hits, and how many times.</summary>
public sealed class GitHubFaultRule(GitHubFault fault, Func<RecordedRequest, bool> matches, int times)
{
    private int _remaining = times;

    public GitHubFault Fault => fault;

    public int Remaining => Volatile.Read(ref _remaining);

    internal bool TryTake(RecordedRequest request)
    {
        if (!matches(request))
        {
            return false;
        }

        while (true)
        {
            var current = Volatile.Read(ref _remaining);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
