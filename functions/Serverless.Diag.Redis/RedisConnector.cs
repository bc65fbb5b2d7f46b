using Serverless.Diag.Probes;
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

    public sealed record Failure(ErrorCause Cause, string Message, string? Hint);

    public async Task<(ConnectionMultiplexer? Multiplexer, Failure? Failure)> ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connecting = ConnectionMultiplexer.ConnectAsync(configuration);
        try
        {
            using var slow = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var first = await Task.WhenAny(connecting, Task.Delay(DiagnoseAfter, slow.Token));
            if (first != connecting && !cancellationToken.IsCancellationRequested && await DiagnoseAsync(cancellationToken) is { } early && !connecting.IsCompleted)
            {
                Abandon(connecting);
                return (null, early);
            }

            await slow.CancelAsync();
            return (await connecting.WaitAsync(cancellationToken), null);
        }
        catch (RedisConnectionException e)
        {
            var (cause, message, hint) = RedisErrors.Classify(e, timeout, ErrorCause.Protocol);
            if (cause == ErrorCause.Network && await DiagnoseAsync(cancellationToken) is { } diagnosed)
            {
                return (null, diagnosed);
            }

            return (null, new Failure(cause, message, hint));
        }
        catch (OperationCanceledException)
        {
            Abandon(connecting);
            throw;
        }
    }

    private async Task<Failure?> DiagnoseAsync(CancellationToken cancellationToken) =>
        configuration.EndPoints.Count == 0
            ? null
            : await EndpointDiagnosis.DiagnoseAsync(configuration.EndPoints[0], configuration.Ssl, cancellationToken) is { } d
                ? new Failure(d.Cause, d.Detail, d.Hint)
                : null;

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
