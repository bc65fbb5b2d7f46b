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
        var url = TargetUrl.Read(settings, Schemes, out var userInfo);
        var method = HttpMethodReader.Read(settings);
        var auth = Http.HttpAuthReader.ReadWithTokenSources(settings);
        var (headers, contentType) = ReadHeaders(settings, auth is null ? userInfo : null);
        if (auth?.Header is { } header)
        {
            headers = [.. headers.Where(h => !h.Key.Equals(header.Key, StringComparison.OrdinalIgnoreCase)), header];
        }

        var body = settings.String("body");
        var requests = settings.Int("requests", 1, HttpLoadLimits.MaxRequests);
        var concurrency = settings.Int("concurrency", 1, HttpLoadLimits.MaxConcurrency);
        var rate = ReadRate(settings);
        var duration = ReadDuration(settings, "duration");
        var requestTimeout = ReadRequestTimeout(settings);
        var (warmupRequests, warmupDuration) = ReadWarmup(settings);

        var model = settings.Has("rate") ? LoadModel.Open : LoadModel.Closed;
        var run = model == LoadModel.Open
            ? OpenPhase(settings, rate, requests, duration)
            : ClosedPhase(settings, requests, duration);
        if (settings.HasErrors || url is null || method is null || run is null)
        {
            return null;
        }

        var warmup = WarmupPhase(model, run.Rate, warmupRequests, warmupDuration);
        WithinCaps(settings, run, warmup, requestTimeout);
        if (settings.HasErrors)
        {
            return null;
        }

        return new HttpLoadOptions
        {
            Url = url,
            Method = method,
            Headers = headers,
            Body = body is null ? null : Encoding.UTF8.GetBytes(body),
            TokenSource = auth?.Source,
            ContentType = body is null ? null : contentType ?? GuessContentType(body),
            Concurrency = concurrency ?? (model == LoadModel.Open ? DefaultOpenConcurrency(run.Rate) : 1),
            Run = run,
            Warmup = warmup,
            RequestTimeout = requestTimeout,
        };
    }

    private static (IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType) ReadHeaders(CheckSettings settings, (string User, string Password)? userInfo)
    {
        if (RequestHeaders.Read(settings) is not { } read)
        {
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
                }

                contentType = value;
                continue;
            }

            if (!probe.Headers.TryAddWithoutValidation(name, value))
            {
                settings.Error(RequestHeaders.Key, $"'headers.{name}' is not a valid request header");
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
