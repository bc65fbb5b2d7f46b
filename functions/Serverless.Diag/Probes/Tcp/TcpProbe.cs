using System.Net.Sockets;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Tcp;

internal sealed class TcpProbe(string host, int port) : IProbe
{
    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        using var deadline = new CancellationTokenSource(context.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var target = $"{host}:{port}";
        var closedIsExpected = NegativeExpectation.Expects(context, TcpVocabulary.Connected);
        var started = time.GetTimestamp();
        var result = new ProbeResult();
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(host, port, linked.Token);
            result.Measurements.Set(TcpVocabulary.Connected, true);
            result.Measurements.Set(TcpVocabulary.Latency, time.GetElapsedTime(started));
            return result;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            result.Measurements.Set(TcpVocabulary.Connected, false);
            if (!closedIsExpected)
            {
                result.Error = NetworkFailure.Timeout(context.Timeout, $"could not connect to {target}", "a firewall dropping packets, or the host is down");
                result.Hints.Add(TcpHints.Timeout);
            }

            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result.Measurements.Set(TcpVocabulary.Connected, false);
            var error = NetworkFailure.Classify(e, target);
            if (closedIsExpected && error.Cause == ErrorCause.Refused)
            {
                result.Measurements.Set(TcpVocabulary.Latency, time.GetElapsedTime(started));
                return result;
            }

            result.Error = error;
            return FailureHints.AddFor(result, error.Cause, TcpHints.Timeout);
        }
    }
}
