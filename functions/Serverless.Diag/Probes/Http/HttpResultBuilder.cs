using System.Globalization;
using System.Text;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Probes.Http;

/// <summary>Turns a response into measurements, evidence and hints.</summary>
internal static class HttpResultBuilder
{
    private const string Reused = "a pooled connection was reused: no connection phase for this request";

    private static readonly string[] ConnectionPhases = [HttpVocabulary.Dns, HttpVocabulary.Connect, HttpVocabulary.Tls];

    public static ProbeResult Build(HttpExchange exchange, BodyNeeds needs, Uri requested, SecretRedactor secrets)
    {
        var (response, body, timings, ttfb, latency, maxBody) = exchange;
        var result = new ProbeResult();
        var m = result.Measurements;
        var status = (int)response.StatusCode;
        m.Set(HttpVocabulary.Status, status);
        m.Set(HttpVocabulary.Latency, latency);
        m.Set(HttpVocabulary.Ttfb, ttfb);
        AddPhases(m, timings, response.RequestMessage?.RequestUri);

        // Only a body cut at max_body needs the declared length and the message saying so.
        var (tooLarge, declaredLength) = body.Complete
            ? (null, null)
            : ($"the body is larger than max_body ({FormatSize(maxBody)}); reading stopped there", response.Content.Headers.ContentLength);
        if (body.Complete)
        {
            m.Set(HttpVocabulary.Size, body.BytesRead);
        }
        else if (declaredLength is { } length)
        {
            m.Set(HttpVocabulary.Size, length);
        }
        else
        {
            m.SetAbsent(HttpVocabulary.Size, tooLarge!);
        }

        string? unavailable = null;
        if (body.Content is { } content)
        {
            if (needs.Text)
            {
                m.Set(HttpVocabulary.Body, Decode(content, response), export: false);
            }
            else
            {
                m.SetAbsent(HttpVocabulary.Body, "the body was not decoded as text (no assertion reads 'body')");
            }
        }
        else
        {
            unavailable = tooLarge ?? "the body was not read (no assertion needs it)";
            m.SetAbsent(HttpVocabulary.Body, unavailable);
        }

        m.AddResolver(HttpVocabulary.Json, new JsonPathResolver(HttpVocabulary.Json, body.Content, unavailable).Resolve);
        var headers = HeaderResolver.Snapshot(response);
        m.AddResolver(HttpVocabulary.Headers, new HeaderResolver(headers).Resolve);

        if (ResponseFraming.Problem(headers, secrets) is { } framing)
        {
            result.Error = new ProbeError(ErrorCause.Protocol, framing);
        }
        else if (!body.Complete && (needs.Content || (needs.Size && declaredLength is null)))
        {
            result.Error = new ProbeError(ErrorCause.BodyTooLarge, tooLarge + "; raise max_body or assert on status and headers only");
        }

        HttpEvidence.Defer(result, exchange, headers, requested, secrets);
        HttpHints.ForStatus(result, status);
        return result;
    }

    public static void AddPhases(Measurements m, PhaseTimings timings, Uri? url = null)
    {
        if (!timings.OpenedConnection)
        {
            foreach (var phase in ConnectionPhases)
            {
                m.SetAbsent(phase, Reused);
            }

            return;
        }

        Set(m, HttpVocabulary.Dns, timings.Dns, "the connection was not opened");
        Set(m, HttpVocabulary.Connect, timings.Connect, "the connection was not opened");
        Set(m, HttpVocabulary.Tls, timings.Tls, url?.Scheme == Uri.UriSchemeHttp ? "plain HTTP: no TLS handshake" : "no TLS handshake completed");
    }

    private static void Set(Measurements m, string path, TimeSpan? value, string absent)
    {
        if (value is { } v)
        {
            m.Set(path, v);
        }
        else
        {
            m.SetAbsent(path, absent);
        }
    }

    /// <summary>Phases as durations, then time to first byte and total from the start, like curl's time_* fields.</summary>
    public static string TimingBreakdown(PhaseTimings timings, TimeSpan ttfb, TimeSpan latency)
    {
        static string Ms(TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms" : "-";
        var connection = timings.OpenedConnection
            ? $"dns (namelookup):        {Ms(timings.Dns)}\nconnect:                 {Ms(timings.Connect)}\ntls (appconnect):        {Ms(timings.Tls)}\n"
            : "connection:              reused from the pool (no dns/connect/tls)\n";
        return connection + $"ttfb (starttransfer):    {Ms(ttfb)}\ntotal:                   {Ms(latency)}";
    }

    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KB",
        _ => $"{bytes} B",
    };

    public static string Decode(byte[] content, HttpResponseMessage response) => Decode(content, response.Content.Headers.ContentType?.CharSet);

    public static string Decode(byte[] content, string? charset)
    {
        charset = charset?.Trim('"');
        try
        {
            return (charset is null ? Encoding.UTF8 : Encoding.GetEncoding(charset)).GetString(content);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8.GetString(content);
        }
    }

    public static string FormatStatusLine(Version version, System.Net.HttpStatusCode status, string? reason) =>
        string.Create(CultureInfo.InvariantCulture, $"HTTP/{version} {(int)status} {reason}");
}
