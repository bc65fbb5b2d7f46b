using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Kit;
using StackExchange.Redis;

namespace Serverless.Diag.Redis;

/// <summary>
/// Connects a multiplexer, and names the reason when it cannot. StackExchange.Redis sometimes notices a refused
/// connection only when its whole connect timeout has passed, and reports every failed connect with the same words;
/// so when the connect is slow or fails, <see cref="EndpointDiagnosis"/> asks the endpoint directly.
/// A multiplexer the probe stops waiting for is disposed whenever it completes, so no connection is left behind.
/// </summary>
internal sealed class RedisConnector(ConfigurationOptions configuration)
{
    private static readonly TimeSpan DiagnoseAfter = TimeSpan.FromMilliseconds(750);

    public async Task<(ConnectionMultiplexer? Multiplexer, ProbeFailure? Failure)> ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connecting = ConnectionMultiplexer.ConnectAsync(configuration);
        try
        {
            using var slow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(connecting, Task.Delay(DiagnoseAfter, slow.Token));
            if (first != connecting && !cancellationToken.IsCancellationRequested)
            {
                // The diagnosis races the connect: whichever knows first decides, so a slow but healthy connect costs nothing.
                var diagnosing = DiagnoseAsync(slow.Token);
                if (await Task.WhenAny(connecting, diagnosing) == diagnosing && await diagnosing is { } early && !connecting.IsCompleted)
                {
                    Abandon(connecting);
                    return (null, early);
                }
            }

            await slow.CancelAsync();
            return (await connecting.WaitAsync(cancellationToken), null);
        }
        catch (RedisConnectionException e)
        {
            var failure = RedisErrors.Classify(e, timeout, ErrorCause.Protocol);
            if (failure.Cause == ErrorCause.Network && await DiagnoseAsync(cancellationToken) is { } diagnosed)
            {
                return (null, diagnosed);
            }

            return (null, failure);
        }
        catch (OperationCanceledException)
        {
            Abandon(connecting);
            throw;
        }
    }

    private async Task<ProbeFailure?> DiagnoseAsync(CancellationToken cancellationToken) =>
        configuration.EndPoints.Count == 0
            ? null
            : await EndpointDiagnosis.DiagnoseAsync(configuration.EndPoints[0], configuration.Ssl, cancellationToken);

    private static void Abandon(Task<ConnectionMultiplexer> connecting) =>
        _ = connecting.ContinueWith(
            static t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                }
                else
                {
                    _ = t.Exception; // observed: a failed connect we no longer wait for
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
}
