using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Octokit;
using Serverless.Diag.GitHub.Api;

namespace Serverless.Diag.Tests.Incidents;

public sealed class GitHubCallPolicyTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_429_waits_for_Retry_After_on_the_clock_then_succeeds()
    {
        var policy = Policy();
        var calls = 0;
        var task = policy.RunAsync("op", () => ++calls == 1 ? throw Api(429, ("Retry-After", "5")) : Task.FromResult(42), CallSafety.NotIdempotent, CancellationToken.None);

        var waited = await AdvanceUntilAsync(task);

        Assert.Equal(42, await task);
        Assert.Equal(2, calls);
        Assert.True(waited >= TimeSpan.FromSeconds(5), $"waited {waited}");
    }

    [Fact]
    public async Task A_rate_limit_resetting_beyond_the_cap_is_not_waited_and_blocks_the_rest_of_the_run()
    {
        var policy = Policy();
        var reset = _clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var calls = 0;

        var first = await Assert.ThrowsAsync<GitHubCallException>(() => policy.RunAsync<int>("op", () => { calls++; throw Api(403, ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset)); }, CallSafety.Idempotent, CancellationToken.None));
        var second = await Assert.ThrowsAsync<GitHubCallException>(() => policy.RunAsync("op2", () => { calls++; return Task.FromResult(1); }, CallSafety.Idempotent, CancellationToken.None));

        Assert.Contains("exceeds", first.Message, StringComparison.Ordinal);
        Assert.Contains("rate limit in force", second.Message, StringComparison.Ordinal);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_validation_error_is_not_retried()
    {
        var calls = 0;

        var error = await Assert.ThrowsAsync<GitHubCallException>(() => Policy().RunAsync<int>("op", () => { calls++; throw Api(422); }, CallSafety.Idempotent, CancellationToken.None));

        Assert.Equal(1, calls);
        Assert.Equal(422, error.StatusCode);
    }

    [Fact]
    public async Task A_lost_answer_is_retried_for_reads_but_never_for_creates()
    {
        var reads = 0;
        var creates = 0;
        var read = Policy().RunAsync("read", () => ++reads == 1 ? throw new HttpRequestException("reset") : Task.FromResult(1), CallSafety.Idempotent, CancellationToken.None);
        await AdvanceUntilAsync(read);

        var create = await Assert.ThrowsAsync<GitHubCallException>(() => Policy().RunAsync<int>("create", () => { creates++; throw new HttpRequestException("reset"); }, CallSafety.NotIdempotent, CancellationToken.None));

        Assert.Equal(1, await read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, reads);
        Assert.Equal(1, creates);
        Assert.True(create.OutcomeUnknown);
    }

    [Fact]
    public async Task A_GitHub_that_stops_answering_is_not_asked_again_in_the_same_run()
    {
        var policy = Policy();
        var calls = 0;
        var read = policy.RunAsync<int>("list issues", () => { calls++; throw new TaskCanceledException("request timed out"); }, CallSafety.Idempotent, CancellationToken.None);
        await AdvanceUntilAsync(read);
        var first = await Assert.ThrowsAsync<GitHubCallException>(() => read);

        var update = await Assert.ThrowsAsync<GitHubCallException>(() => policy.RunAsync("update issue", () => { calls++; return Task.FromResult(1); }, CallSafety.Idempotent, CancellationToken.None));

        Assert.Equal(4, calls);
        Assert.Contains("after 4 attempts", first.Message, StringComparison.Ordinal);
        Assert.Contains("update issue: not tried, GitHub stopped answering earlier in this run (list issues: no answer", update.Message, StringComparison.Ordinal);
        Assert.False(update.OutcomeUnknown);
    }

    [Fact]
    public async Task Answers_lost_then_recovered_or_refused_calls_do_not_stop_the_run()
    {
        var policy = Policy();
        var reads = 0;
        var read = policy.RunAsync("read", () => ++reads < 3 ? throw new HttpRequestException("reset") : Task.FromResult(1), CallSafety.Idempotent, CancellationToken.None);
        await AdvanceUntilAsync(read);
        Assert.Equal(1, await read);

        // A create whose answer was lost is not repeated, but GitHub answered before: the run goes on.
        await Assert.ThrowsAsync<GitHubCallException>(() => policy.RunAsync<int>("create", () => throw new HttpRequestException("reset"), CallSafety.NotIdempotent, CancellationToken.None));
        await Assert.ThrowsAsync<GitHubCallException>(() => policy.RunAsync<int>("bad", () => throw Api(422), CallSafety.Idempotent, CancellationToken.None));

        Assert.Equal(7, await policy.RunAsync("next", () => Task.FromResult(7), CallSafety.Idempotent, CancellationToken.None));
    }

    private GitHubCallPolicy Policy() => new(_clock, NullLogger.Instance, new GitHubCallOptions());

    private static ApiException Api(int status, params (string Name, string Value)[] headers) =>
        new(new StubResponse((HttpStatusCode)status, headers.ToDictionary(h => h.Name, h => h.Value)));

    private sealed class StubResponse(HttpStatusCode status, Dictionary<string, string> headers) : IResponse
    {
        public object Body => "{\"message\":\"x\"}";

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo? ApiInfo => null;

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }

    /// <summary>Moves the clock a second at a time until the call completes; returns how far it moved.</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Task task)
    {
        var moved = TimeSpan.Zero;
        for (var i = 0; i < 1_000 && !task.IsCompleted; i++)
        {
            await Task.Delay(5);
            if (!task.IsCompleted)
            {
                _clock.Advance(TimeSpan.FromSeconds(1));
                moved += TimeSpan.FromSeconds(1);
            }
        }

        return moved;
    }
}
