using Serverless.Diag.Hosting.Diagnosis;

namespace Serverless.Diag.Tests.Functions;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task Concurrent_callers_with_one_key_share_one_run()
    {
        var flight = new SingleFlight<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<int> Run()
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return 42;
        }

        var callers = Enumerable.Range(0, 10).Select(_ => flight.RunAsync("staging", Run, CancellationToken.None)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, runs);
        Assert.All(results, r => Assert.Equal(42, r.Result));
        Assert.Equal(9, results.Count(r => r.Shared));
        Assert.Equal(0, flight.Count);
    }

    [Fact]
    public async Task Different_keys_and_later_calls_run_again()
    {
        var flight = new SingleFlight<string>();
        var runs = 0;
        Task<string> Run(string value)
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(value);
        }

        var a = await flight.RunAsync("a", () => Run("a"), CancellationToken.None);
        var b = await flight.RunAsync("b", () => Run("b"), CancellationToken.None);
        var again = await flight.RunAsync("a", () => Run("a2"), CancellationToken.None);

        Assert.Equal(("a", false), a);
        Assert.Equal(("b", false), b);
        Assert.Equal(("a2", false), again);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_run()
    {
        var flight = new SingleFlight<int>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();
        var first = flight.RunAsync("k", async () => { await gate.Task; return 7; }, impatient.Token);
        var second = flight.RunAsync("k", () => Task.FromResult(0), CancellationToken.None);

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult();

        Assert.Equal((7, true), await second);
    }
}
