using System.Net.WebSockets;
using System.Text;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.Tls;

namespace Serverless.Diag.Probes.WebSocket;

internal sealed class WebSocketProbe(WebSocketProbeSettings settings) : IProbe
{
    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        using var deadline = new CancellationTokenSource(context.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var target = settings.Url.GetLeftPart(UriPartial.Path);
        var result = new ProbeResult();
        var m = result.Measurements;
        m.Set("connected", false);
        using var socket = Create(time, context.Trace);
        var started = time.GetTimestamp();
        var stage = "could not connect";
        try
        {
            await socket.ConnectAsync(settings.Url, linked.Token);
            m.Set("connected", true);
            m.Set("latency", time.GetElapsedTime(started));

            if (settings.Send is { } message)
            {
                stage = "no reply";
                var sent = time.GetTimestamp();
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, linked.Token);
                if (settings.ExpectReply)
                {
                    var reply = await ReceiveAsync(socket, settings.MaxReply, linked.Token);
                    if (reply is null)
                    {
                        result.Error = new ProbeError(ErrorCause.Protocol, $"{target} closed the WebSocket instead of replying");
                        return result;
                    }

                    m.Set("roundtrip", time.GetElapsedTime(sent));
                    m.Set("reply", reply);
                    result.Evidence.Add(new Evidence("Reply (first 2 KB)", context.Secrets.Redact(reply.Length > 2048 ? reply[..2048] + "\n… (truncated)" : reply)));
                }
            }

            await CloseQuietlyAsync(socket);
            return result;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            result.Error = NetworkFailure.Timeout(context.Timeout, stage);
            return result.WithHint(HttpHints.Timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (socket.HttpStatusCode is var status && status != 0 && (int)status != 101)
            {
                result.Error = new ProbeError(ErrorCause.Protocol, $"{target} answered {(int)status} {status} instead of switching to WebSocket");
                HttpHints.ForStatus(result, (int)status);
                return result;
            }

            var error = NetworkFailure.Classify(e, target);
            result.Error = error with { Message = context.Secrets.Redact(error.Message) };
            return HttpHints.ForError(result, error.Cause);
        }
    }

    private ClientWebSocket Create(TimeProvider time, TraceContext? trace)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (trace is not null)
        {
            // Before the check's own headers, so a traceparent the check writes replaces it.
            socket.Options.SetRequestHeader(TraceContext.HeaderName, trace.TraceParent);
        }

        foreach (var (name, value) in settings.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        // Same rule as http: validate unless told not to, and say why a certificate was refused.
#pragma warning disable CA5359
        socket.Options.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            if (errors == System.Net.Security.SslPolicyErrors.None || settings.InsecureSkipVerify)
            {
                return true;
            }

            throw new CertificateRejectedException(CertificateProblems.Describe(errors, certificate, chain, settings.Url.Host, time.GetUtcNow()));
        };
#pragma warning restore CA5359
        return socket;
    }

    /// <summary>One whole text message, at most <paramref name="limit"/> bytes kept; null if the server closed.</summary>
    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (message.Length < limit)
            {
                message.Write(buffer, 0, (int)Math.Min(received.Count, limit - message.Length));
            }

            if (received.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "check done", closing.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The measurement is taken; a sloppy close is not the target's failure.
        }
    }
}
