using System.Net.WebSockets;
using System.Text;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.Kit;
using Serverless.Diag.Probes.Tls;

namespace Serverless.Diag.Probes.WebSocket;

internal sealed class WebSocketProbe(WebSocketProbeSettings settings) : IProbe
{
    private const string ConnectStage = "could not connect";

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        using var deadline = new CancellationTokenSource(context.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var target = settings.Url.GetLeftPart(UriPartial.Path);
        var result = new ProbeResult();
        var m = result.Measurements;
        m.Set(WebSocketVocabulary.Connected, false);
        KeyValuePair<string, string>? token = null;
        if (settings.TokenSource is { } source)
        {
            var (header, error) = await Auth.TokenAuthorization.HeaderAsync(source, context, linked.Token);
            if (error is not null)
            {
                result.Error = error;
                return result.WithHint(HttpHints.TokenSource);
            }

            token = header;
        }

        using var socket = Create(time, context.Trace, token);
        var started = time.GetTimestamp();
        var stage = ConnectStage;
        try
        {
            await socket.ConnectAsync(settings.Url, linked.Token);
            m.Set(WebSocketVocabulary.Connected, true);
            m.Set(WebSocketVocabulary.Latency, time.GetElapsedTime(started));

            if (settings.Send is { } message)
            {
                stage = "no reply";
                var sent = time.GetTimestamp();
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, linked.Token);
                if (settings.ExpectReply)
                {
                    var (reply, overLimit) = await ReceiveAsync(socket, settings.MaxReply, linked.Token);
                    if (overLimit)
                    {
                        m.Set(WebSocketVocabulary.Roundtrip, time.GetElapsedTime(sent));
                        result.Error = new ProbeError(ErrorCause.BodyTooLarge,
                            $"{target} replied with a message larger than max_reply ({HttpResultBuilder.FormatSize(settings.MaxReply)}); reading stopped there: raise max_reply if the reply is meant to be that large");
                        await CloseQuietlyAsync(socket);
                        return result;
                    }

                    if (reply is null)
                    {
                        result.Error = new ProbeError(ErrorCause.Protocol, $"{target} closed the WebSocket instead of replying");
                        return result;
                    }

                    m.Set(WebSocketVocabulary.Roundtrip, time.GetElapsedTime(sent));
                    m.Set(WebSocketVocabulary.Reply, reply);
                    result.Evidence.Add(new Evidence("Reply (first 2 KB)", context.Secrets.Excerpt(reply, 2048)));
                }
            }

            await CloseQuietlyAsync(socket);
            return result;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            result.Error = NetworkFailure.Timeout(context.Timeout, stage);
            return result.WithHint(stage == ConnectStage ? WebSocketHints.ConnectTimeout : WebSocketHints.ReplyTimeout);
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
            return FailureHints.AddFor(result, error.Cause, WebSocketHints.ConnectTimeout);
        }
    }

    private ClientWebSocket Create(TimeProvider time, TraceContext? trace, KeyValuePair<string, string>? token)
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

        if (token is var (tokenName, tokenValue))
        {
            socket.Options.SetRequestHeader(tokenName, tokenValue);
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

    /// <summary>
    /// One whole text message of at most <paramref name="limit"/> bytes. Reading stops at the first byte beyond the limit
    /// (the rest is never buffered): the reply is then <see cref="Reply.TooLarge"/>.
    /// </summary>
    private static async Task<Reply> ReceiveAsync(ClientWebSocket socket, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[8 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return Reply.Closed;
            }

            if (message.Length + received.Count > limit)
            {
                return Reply.TooLarge;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return new Reply(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length), false);
            }
        }
    }

    private readonly record struct Reply(string? Text, bool OverLimit)
    {
        public static Reply Closed => new(null, false);

        public static Reply TooLarge => new(null, true);
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
