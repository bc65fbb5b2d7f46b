using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;

namespace Serverless.Diag.Functions;

/// <summary>
/// Sends what the Application Insights channel holds (it sends every 30 s otherwise): after each scheduled run, since
/// Flex may scale the instance in right after it, and when the host stops the worker (WorkerTerminate). Bounded, so a
/// telemetry outage cannot hold a run or the shutdown; what does not get out in time is lost, as on a crash.
/// </summary>
public sealed class TelemetryFlush(TelemetryClient telemetry) : IHostedService
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Not the host's stop token: it may already be spent by the time this service stops, and the SDK then sends nothing.
    public Task StopAsync(CancellationToken cancellationToken) => FlushAsync();

    public async Task FlushAsync()
    {
        using var bounded = new CancellationTokenSource(Bound);
        try
        {
            await telemetry.FlushAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // Out of time.
        }
    }
}
