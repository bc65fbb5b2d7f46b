using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Octokit;

namespace Serverless.Diag.GitHub.Api;

/// <summary>
/// Retries GitHub calls the way GitHub asks: Retry-After first, then X-RateLimit-Reset, then exponential backoff;
/// waits on the <see cref="TimeProvider"/> with a cap. Octokit has no retry of its own, and a 429 arrives as a plain
/// <see cref="ApiException"/>. Once a rate limit outlasts the cap, or GitHub has not answered a call's every attempt,
/// the rest of the run's calls fail fast: a GitHub that accepts connections and never answers would otherwise hold a
/// scheduled run for a request timeout per attempt per call.
/// </summary>
internal sealed class GitHubCallPolicy(TimeProvider time, ILogger logger, GitHubCallOptions options)
{
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private string? _stoppedAnswering;

    public int Retries { get; private set; }

    public async Task<T> RunAsync<T>(string operation, Func<Task<T>> call, CallSafety safety, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            if (now < _blockedUntil)
            {
                throw new GitHubCallException($"{operation}: GitHub rate limit in force until {_blockedUntil:u}; left for the next run");
            }

            if (_stoppedAnswering is not null)
            {
                throw new GitHubCallException($"{operation}: not tried, GitHub stopped answering earlier in this run ({_stoppedAnswering}); left for the next run");
            }

            try
            {
                return await call();
            }
            catch (Exception ex) when (ex is not GitHubCallException && !cancellationToken.IsCancellationRequested)
            {
                var decision = Decide(ex, safety, attempt);
                if (decision.Wait is not { } wait)
                {
                    throw new GitHubCallException($"{operation}: {decision.Reason}", ex) { OutcomeUnknown = decision.OutcomeUnknown, StatusCode = (ex as ApiException)?.StatusCode is { } s ? (int)s : null };
                }

                if (wait > options.MaxWait)
                {
                    _blockedUntil = time.GetUtcNow() + wait;
                    throw new GitHubCallException($"{operation}: {decision.Reason}; waiting {wait.TotalSeconds:0}s exceeds the {options.MaxWait.TotalSeconds:0}s cap, left for the next run", ex);
                }

                if (attempt >= options.MaxAttempts)
                {
                    if (decision.OutcomeUnknown)
                    {
                        _stoppedAnswering = $"{operation}: {decision.Reason} after {attempt} attempts";
                    }

                    throw new GitHubCallException($"{operation}: {decision.Reason} after {attempt} attempts; left for the next run", ex) { OutcomeUnknown = decision.OutcomeUnknown };
                }

                Retries++;
                logger.LogWarning("GitHub {Operation}: {Reason}; retrying in {Wait}s (attempt {Attempt})", operation, decision.Reason, wait.TotalSeconds, attempt + 1);
                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }

    private readonly record struct Decision(TimeSpan? Wait, string Reason, bool OutcomeUnknown = false);

    private Decision Decide(Exception ex, CallSafety safety, int attempt)
    {
        var backoff = options.BaseDelay * Math.Pow(2, attempt - 1);
        switch (ex)
        {
            case ApiException api:
                var status = (int)api.StatusCode;
                var retryAfter = RetryAfter(api);
                var reset = RateLimitWait(api);
                if (status == 429)
                {
                    return new Decision(retryAfter ?? reset ?? backoff, "429 Too Many Requests");
                }

                if (status == (int)HttpStatusCode.Forbidden)
                {
                    if (retryAfter is { } after)
                    {
                        return new Decision(after, "secondary rate limit (403, Retry-After)");
                    }

                    if (reset is { } untilReset)
                    {
                        return new Decision(untilReset, "rate limit exhausted (403, X-RateLimit-Remaining: 0)");
                    }

                    if (api.Message.Contains("rate limit", StringComparison.OrdinalIgnoreCase) || ex is SecondaryRateLimitExceededException)
                    {
                        return new Decision(options.SecondaryRateLimitWait, "secondary rate limit (403)");
                    }

                    return new Decision(null, $"403 Forbidden: {api.Message} (does the token have issues: write?)");
                }

                if (status >= 500)
                {
                    return new Decision(retryAfter ?? backoff, $"{status} from GitHub");
                }

                return new Decision(null, $"{status}: {api.Message}");

            case HttpRequestException or TaskCanceledException or OperationCanceledException or IOException:
                // No answer: the request may or may not have been applied.
                return safety == CallSafety.Idempotent
                    ? new Decision(backoff, $"no answer ({ex.GetType().Name})", OutcomeUnknown: true)
                    : new Decision(null, $"no answer ({ex.GetType().Name}); not repeated, the next run checks whether it was applied", OutcomeUnknown: true);

            default:
                return new Decision(null, ex.Message);
        }
    }

    private static TimeSpan? RetryAfter(ApiException api)
    {
        var value = Header(api, "Retry-After");
        return value is not null && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private TimeSpan? RateLimitWait(ApiException api)
    {
        if (Header(api, "X-RateLimit-Remaining") != "0" ||
            !long.TryParse(Header(api, "X-RateLimit-Reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            return null;
        }

        // One second past the reset: GitHub's clock and ours disagree slightly.
        var wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - time.GetUtcNow() + TimeSpan.FromSeconds(1);
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    private static string? Header(ApiException api, string name)
    {
        var headers = api.HttpResponse?.Headers;
        if (headers is null)
        {
            return null;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
