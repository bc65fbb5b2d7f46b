using Microsoft.ApplicationInsights;
using Microsoft.Extensions.Hosting;

namespace Serverless.Diag.Functions;

/// <summary>
/// Sends what the Application Insights channel still holds when the host stops the worker (WorkerTerminate on scale-in
/// or a restart): the channel sends every 30 s, so the last run's log lines would otherwise be lost. Bounded, so a
/// telemetry outage cannot hold the shutdown.
/// </summary>
internal sealed class TelemetryFlushOnStop(TelemetryClient telemetry) : IHostedService
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Not the host's stop token: it may already be spent by the time this service stops, and the SDK then sends nothing.
        using var bounded = new CancellationTokenSource(Bound);
        try
        {
            await telemetry.FlushAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // Out of time: what is left is lost, as on a crash.
        }
    }
}
