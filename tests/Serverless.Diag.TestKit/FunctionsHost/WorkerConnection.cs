using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Serverless.Diag.TestKit.FunctionsHost.Rpc;

namespace Serverless.Diag.TestKit.FunctionsHost;

/// <summary>
/// The host's end of the worker's event stream: messages to send, answers awaited by request, function or
/// invocation id, and every RpcLog received.
/// </summary>
internal sealed class WorkerConnection
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new(StringComparer.Ordinal);
    private readonly List<HostLog> _logs = [];

    public TaskCompletionSource<string> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource StreamEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<HostLog> Logs
    {
        get
        {
            lock (_logs)
            {
                return [.. _logs];
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> and waits for the answer registered under <paramref name="key"/>.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage message, string key, TimeSpan timeout)
    {
        var answer = _pending.GetOrAdd(key, _ => new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _outgoing.Writer.WriteAsync(message);
        try
        {
            return await answer.Task.WaitAsync(timeout);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    public ValueTask SendAsync(StreamingMessage message) => _outgoing.Writer.WriteAsync(message);

    /// <summary>Runs for the lifetime of the worker's EventStream call.</summary>
    public async Task ServeAsync(IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteAsync(outgoing, stop.Token);
        try
        {
            await foreach (var message in incoming.ReadAllAsync(cancellationToken))
            {
                Dispatch(message);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // The worker went away.
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
            }

            StreamEnded.TrySetResult();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("the worker closed its event stream"));
            }
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellationToken)
    {
        await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
        {
            await outgoing.WriteAsync(message, cancellationToken);
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                Started.TrySetResult(message.StartStream.WorkerId);
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                var log = message.RpcLog;
                lock (_logs)
                {
                    _logs.Add(new HostLog(
                        string.IsNullOrEmpty(log.InvocationId) ? null : log.InvocationId,
                        log.Category,
                        (LogLevel)(int)log.Level,
                        log.Message,
                        log.Exception is { } e ? $"{e.Type}: {e.Message}" : null,
                        log.LogCategory == RpcLog.Types.RpcLogCategory.System));
                }

                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
            case StreamingMessage.ContentOneofCase.WorkerStatusResponse:
                Complete(message.RequestId, message);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                Complete("load:" + message.FunctionLoadResponse.FunctionId, message);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                Complete("invocation:" + message.InvocationResponse.InvocationId, message);
                break;
        }
    }

    private void Complete(string key, StreamingMessage message) =>
        _pending.GetOrAdd(key, _ => new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
}

/// <summary>The gRPC service the worker connects to (<c>--functions-uri</c>).</summary>
internal sealed class FunctionRpcService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        connection.ServeAsync(requestStream, responseStream, context.CancellationToken);
}
