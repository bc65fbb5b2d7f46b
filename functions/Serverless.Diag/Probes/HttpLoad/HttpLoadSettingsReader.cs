using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes.Kit;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// Reads and validates an <c>http-load</c> check's settings, reporting every problem at its position.
/// This file: what to send; <c>.Phases.cs</c>: how hard and how long, and the caps.
/// </summary>
internal static partial class HttpLoadSettingsReader
{
    private static readonly string[] Schemes = ["http", "https"];

    public static HttpLoadOptions? Read(CheckSettings settings)
    {
        var ok = true;
        var url = TargetUrl.Read(settings, Schemes, out var userInfo);
        var method = ReadMethod(settings, ref ok);
        var (headers, contentType) = ReadHeaders(settings, userInfo, ref ok);
        var body = settings.String("body");
        var requests = settings.Int("requests", 1, HttpLoadLimits.MaxRequests);
        var concurrency = settings.Int("concurrency", 1, HttpLoadLimits.MaxConcurrency);
        var rate = ReadRate(settings, ref ok);
        var duration = ReadDuration(settings, "duration", ref ok);
        var requestTimeout = ReadRequestTimeout(settings, ref ok);
        var (warmupRequests, warmupDuration) = ReadWarmup(settings, ref ok);

        ok &= !settings.Has("requests") || requests is not null;
        ok &= !settings.Has("concurrency") || concurrency is not null;

        LoadModel model;
        LoadPhase? run;
        if (settings.Has("rate"))
        {
            model = LoadModel.Open;
            run = OpenPhase(settings, rate, requests, duration, ref ok);
        }
        else
        {
            model = LoadModel.Closed;
            run = ClosedPhase(settings, requests, duration, ref ok);
        }

        if (!ok || url is null || run is null)
        {
            return null;
        }

        var warmup = WarmupPhase(model, run.Rate, warmupRequests, warmupDuration);
        if (!WithinCaps(settings, run, warmup, requestTimeout))
        {
            return null;
        }

        return new HttpLoadOptions
        {
            Url = url,
            Method = method,
            Headers = headers,
            Body = body is null ? null : Encoding.UTF8.GetBytes(body),
            ContentType = body is null ? null : contentType ?? GuessContentType(body),
            Concurrency = concurrency ?? (model == LoadModel.Open ? DefaultOpenConcurrency(run.Rate) : 1),
            Run = run,
            Warmup = warmup,
            RequestTimeout = requestTimeout,
        };
    }

    private static HttpMethod ReadMethod(CheckSettings settings, ref bool ok)
    {
        var text = settings.String("method");
        if (text is null)
        {
            return HttpMethod.Get;
        }

        if (text.Length == 0 || !text.All(c => char.IsAsciiLetter(c) || c == '-'))
        {
            settings.Error("method", $"'method' must be an HTTP method such as GET or POST, not '{text}'");
            ok = false;
            return HttpMethod.Get;
        }

        return HttpMethod.Parse(text.ToUpperInvariant());
    }

    private static (IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType) ReadHeaders(CheckSettings settings, (string User, string Password)? userInfo, ref bool ok)
    {
        if (RequestHeaders.Read(settings) is not { } read)
        {
            ok = false;
            return ([], null);
        }

        var headers = new List<KeyValuePair<string, string>>(read.Count + 1);
        string? contentType = null;
        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in read)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                if (!MediaTypeHeaderValue.TryParse(value, out _))
                {
                    settings.Error(RequestHeaders.Key, $"'headers.{name}' is not a valid media type");
                    ok = false;
                }

                contentType = value;
                continue;
            }

            if (!probe.Headers.TryAddWithoutValidation(name, value))
            {
                settings.Error(RequestHeaders.Key, $"'headers.{name}' is not a valid request header");
                ok = false;
                continue;
            }

            headers.Add(new(name, value));
        }

        // user:password@ in the URL is sent as basic auth, as the http check sends it, unless a header already says who we are.
        if (userInfo is { } credentials && !headers.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(Http.HttpAuthReader.Basic(settings.Secrets, credentials.User, credentials.Password));
        }

        return (headers, contentType);
    }

    private static string GuessContentType(string body)
    {
        var trimmed = body.TrimStart();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[') ? "application/json" : "text/plain; charset=utf-8";
    }
}
