using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Running;

namespace Serverless.Diag.Tests.Running;

public class AttemptDeadlineTests
{
    [Fact]
    public void On_another_clock_the_token_fires_when_that_clock_passes_the_timeout()
    {
        var clock = new FakeTimeProvider();
        using var deadline = AttemptDeadline.Start(TimeSpan.FromSeconds(5), clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(deadline.Token.IsCancellationRequested);

        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cancelling_the_run_fires_the_token_before_the_timeout(bool systemClock)
    {
        using var run = new CancellationTokenSource();
        using var deadline = AttemptDeadline.Start(TimeSpan.FromMinutes(10), systemClock ? TimeProvider.System : new FakeTimeProvider(), run.Token);
        Assert.False(deadline.Token.IsCancellationRequested);

        run.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task On_the_system_clock_the_token_fires_at_the_timeout()
    {
        using var deadline = AttemptDeadline.Start(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);

        await Task.Delay(Timeout.Infinite, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(deadline.Token.IsCancellationRequested);
    }
}
