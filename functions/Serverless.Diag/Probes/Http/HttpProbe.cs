using System.Net.Http.Headers;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.Http;

/// <summary>
/// One <c>http</c> check: sends the request through the factory's shared handler, reads at most
/// <c>max_body</c> bytes, and never throws for the target's fault.
/// </summary>
internal sealed class HttpProbe(HttpProbeSettings settings, HttpMessageInvoker invoker) : IProbe
{
    // What the check sends never changes between runs.
    private readonly OutgoingRequest _request = new(settings.Url, settings.Method, settings.Headers)
    {
        Body = settings.Body,
        ContentType = settings.ContentType,
        Credential = settings.Authorization,
    };

    // A check's assertions never change between runs; worked out on the first.
    private BodyNeeds? _needs;

    public HttpProbeSettings Settings => settings;

    public async Task<ProbeResult> RunAsync(ProbeContext context, CancellationToken cancellationToken)
    {
        var time = context.TimeProvider;
        // The caller's token fires at context.Timeout (the IProbe contract): no timer of our own on the hot path.
        var timings = new PhaseTimings(time);
        var started = time.GetTimestamp();
        var stage = HttpStage.WaitingForHeaders;
        try
        {
            var trace = context.Trace;
            var request = _request;
            if (settings.TokenSource is { } source)
            {
                var (header, error) = await Auth.TokenAuthorization.HeaderAsync(source, context, cancellationToken);
                if (error is not null)
                {
                    return new ProbeResult { Error = error }.WithHint(HttpHints.TokenSource);
                }

                request = request with { Credential = header };
            }

            var (sent, hops) = await RedirectFollower.SendAsync(invoker, request, settings.FollowRedirects, context.Secrets, r => CreateRequest(r, timings, trace), cancellationToken);
            using var response = sent;
            var ttfb = time.GetElapsedTime(started);

            stage = HttpStage.ReadingBody;
            var needs = _needs ??= BodyNeeds.Of(context);
            // The synchronous form: the handler's response content already holds its stream (no I/O here), and the
            // async form allocates a Task for it on every check.
            await using var stream = response.Content.ReadAsStream(cancellationToken);
            var body = await BoundedBody.ReadAsync(stream, settings.MaxBody, needs.Content, cancellationToken);
            var latency = time.GetElapsedTime(started);

            return HttpResultBuilder.Build(new HttpExchange(response, body, timings, ttfb, latency, settings.MaxBody) { Redirects = hops }, needs, settings.Url, context.Secrets);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var result = new ProbeResult { Error = TimedOut(context.Timeout, stage, timings) };
            HttpResultBuilder.AddPhases(result.Measurements, timings, settings.Url);
            return result.WithHint(HttpHints.Timeout);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var error = NetworkFailure.Classify(e, settings.Url.GetLeftPart(UriPartial.Path));
            var result = new ProbeResult { Error = error with { Message = context.Secrets.Redact(error.Message) } };
            HttpResultBuilder.AddPhases(result.Measurements, timings, settings.Url);
            return FailureHints.AddFor(result, error.Cause, HttpHints.Timeout);
        }
    }

    private static TimedRequest CreateRequest(OutgoingRequest outgoing, PhaseTimings timings, TraceContext? trace)
    {
        var request = new TimedRequest(outgoing.Method, outgoing.Url, timings);
        if (outgoing.Body is { } body)
        {
            request.Content = new ByteArrayContent(body);
            if (outgoing.ContentType is { } contentType)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }
        }

        // Indexed, not enumerated: enumerating the IReadOnlyList would allocate on every check, most of which send no headers.
        var headers = outgoing.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            AddHeader(request, headers[i]);
        }

        if (outgoing.Credential is { } credential)
        {
            AddHeader(request, credential);
        }

        // A traceparent the check writes itself wins.
        if (trace is not null && !request.Headers.Contains(TraceContext.HeaderName))
        {
            request.Headers.TryAddWithoutValidation(TraceContext.HeaderName, trace.TraceParent);
        }

        return request;
    }

    private static void AddHeader(HttpRequestMessage request, KeyValuePair<string, string> header)
    {
        var (name, value) = header;
        if (!request.Headers.TryAddWithoutValidation(name, value))
        {
            // A content header (Content-Type...): it belongs to the content, even an empty one.
            request.Content ??= new ByteArrayContent([]);
            request.Content.Headers.Remove(name);
            request.Content.Headers.TryAddWithoutValidation(name, value);
        }
    }

    private static ProbeError TimedOut(TimeSpan timeout, HttpStage stage, PhaseTimings timings) => stage switch
    {
        HttpStage.ReadingBody => NetworkFailure.Timeout(timeout, "the response body did not complete", "the headers arrived, the body kept coming or stalled"),
        _ when timings.OpenedConnection => NetworkFailure.Timeout(timeout, "no response", $"connected in {timings.Connect!.Value.TotalMilliseconds:0}ms, then no response headers"),
        _ => NetworkFailure.Timeout(timeout, "no response"),
    };
}

internal enum HttpStage
{
    WaitingForHeaders,
    ReadingBody,
}

/// <summary>What the assertions need from the body, so a probe keeps (and decodes) only that.</summary>
/// <param name="Content">The bytes are kept: <c>body</c> or <c>json.*</c> is asserted.</param>
/// <param name="Text">The bytes are decoded as text: <c>body</c> itself is asserted.</param>
internal readonly record struct BodyNeeds(bool Content, bool Text, bool Size)
{
    public static BodyNeeds Of(ProbeContext context)
    {
        var text = context.NeedsPath(HttpVocabulary.Body);
        return new(text || context.NeedsPath(HttpVocabulary.Json), text, context.NeedsPath(HttpVocabulary.Size));
    }
}

internal readonly record struct HttpExchange(HttpResponseMessage Response, BoundedBody Body, PhaseTimings Timings, TimeSpan Ttfb, TimeSpan Latency, long MaxBody)
{
    /// <summary>The redirects met on the way, followed or not.</summary>
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];
}
