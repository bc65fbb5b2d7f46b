using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>Reads and validates an <c>http-load</c> check's settings, reporting every problem at its position.</summary>
internal static class HttpLoadSettingsReader
{
    private static readonly string[] SensitiveHeaderParts = ["authorization", "cookie", "token", "secret", "key", "password"];

    public static HttpLoadOptions? Read(CheckSettings settings)
    {
        var ok = true;
        var url = ReadUrl(settings, ref ok);
        var method = ReadMethod(settings, ref ok);
        var (headers, contentType) = ReadHeaders(settings, ref ok);
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

    private static int DefaultOpenConcurrency(double rate) =>
        Math.Clamp((int)Math.Ceiling(rate), 1, HttpLoadLimits.DefaultOpenConcurrency);

    private static Uri? ReadUrl(CheckSettings settings, ref bool ok)
    {
        var text = settings.String("url", required: true);
        if (text is null)
        {
            ok = false;
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            settings.Error("url", $"'url' must be an absolute http:// or https:// URL, not '{settings.Secrets.Redact(text)}'");
            ok = false;
            return null;
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            settings.Secrets.Add(url.UserInfo);
            if (url.UserInfo.Split(':', 2) is [_, var password])
            {
                settings.Secrets.Add(password);
                settings.Secrets.Add(Uri.UnescapeDataString(password));
            }
        }

        return url;
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

    private static (IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType) ReadHeaders(CheckSettings settings, ref bool ok)
    {
        var map = settings.Map("headers");
        if (map is null)
        {
            ok &= !settings.Has("headers") || settings.Node("headers") is ConfigMapping;
            return ([], null);
        }

        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in map)
        {
            if (IsSensitive(name))
            {
                settings.Secrets.Add(value);
                settings.Secrets.Add(value.Split(' ', 2) is [_, var credential] ? credential : null);
            }

            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                if (!MediaTypeHeaderValue.TryParse(value, out _))
                {
                    settings.Error("headers", $"'headers.{name}' is not a valid media type");
                    ok = false;
                }

                contentType = value;
                continue;
            }

            if (!probe.Headers.TryAddWithoutValidation(name, value) || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
            {
                settings.Error("headers", $"'headers.{name}' is not a valid request header");
                ok = false;
                continue;
            }

            headers.Add(new(name, value));
        }

        return (headers, contentType);
    }

    private static bool IsSensitive(string header) =>
        SensitiveHeaderParts.Any(part => header.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static double? ReadRate(CheckSettings settings, ref bool ok)
    {
        if (!settings.Has("rate"))
        {
            return null;
        }

        var rate = settings.Number("rate");
        if (rate is not { } r)
        {
            ok = false;
            return null;
        }

        if (!(r > 0) || r > HttpLoadLimits.MaxRate)
        {
            settings.Error("rate", $"'rate' (requests per second) must be above 0 and at most {HttpLoadLimits.MaxRate.ToString(CultureInfo.InvariantCulture)}, not {r.ToString(CultureInfo.InvariantCulture)}");
            ok = false;
            return null;
        }

        return r;
    }

    private static TimeSpan? ReadDuration(CheckSettings settings, string key, ref bool ok)
    {
        if (!settings.Has(key))
        {
            return null;
        }

        var duration = settings.Duration(key);
        if (duration is not { } d)
        {
            ok = false;
            return null;
        }

        if (d <= TimeSpan.Zero || d > HttpLoadLimits.MaxDuration)
        {
            settings.Error(key, $"'{key}' must be above 0 and at most {Units.FormatDuration(HttpLoadLimits.MaxDuration)} (the cap on load checks), not {Units.FormatDuration(d)}");
            ok = false;
            return null;
        }

        return d;
    }

    private static TimeSpan ReadRequestTimeout(CheckSettings settings, ref bool ok)
    {
        if (!settings.Has("request_timeout"))
        {
            return settings.Check.Timeout < HttpLoadLimits.DefaultRequestTimeout ? settings.Check.Timeout : HttpLoadLimits.DefaultRequestTimeout;
        }

        var timeout = settings.Duration("request_timeout");
        if (timeout is not { } t)
        {
            ok = false;
            return HttpLoadLimits.DefaultRequestTimeout;
        }

        if (t <= TimeSpan.Zero || t > HttpLoadLimits.MaxRequestTimeout)
        {
            settings.Error("request_timeout", $"'request_timeout' must be above 0 and at most {Units.FormatDuration(HttpLoadLimits.MaxRequestTimeout)}, not {Units.FormatDuration(t)}");
            ok = false;
        }

        return t;
    }

    /// <summary><c>warmup: 200</c> is a number of requests, <c>warmup: 5s</c> a duration.</summary>
    private static (long? Requests, TimeSpan? Duration) ReadWarmup(CheckSettings settings, ref bool ok)
    {
        if (settings.Node("warmup") is not { } node)
        {
            return (null, null);
        }

        if (node is ConfigScalar scalar && long.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            if (count > HttpLoadLimits.MaxRequests)
            {
                settings.Error("warmup", $"'warmup' must be at most {HttpLoadLimits.MaxRequests} requests, not {count}");
                ok = false;
            }

            return (count, null);
        }

        if (node is ConfigScalar text && Units.TryParseDuration(text.Value, out _))
        {
            return (null, ReadDuration(settings, "warmup", ref ok));
        }

        settings.Error("warmup", "'warmup' must be a number of requests (e.g. 100) or a duration (e.g. 5s)");
        ok = false;
        return (null, null);
    }

    private static LoadPhase? OpenPhase(CheckSettings settings, double? rate, int? requests, TimeSpan? duration, ref bool ok)
    {
        if (settings.Has("duration") == settings.Has("requests"))
        {
            settings.Error("rate", "with 'rate' (open model) give either 'duration' or 'requests', not both and not neither");
            ok = false;
            return null;
        }

        if (rate is not { } r || (duration is null && requests is null))
        {
            return null;
        }

        var count = requests ?? (long)Math.Ceiling(r * duration!.Value.TotalSeconds);
        var phase = new LoadPhase(LoadModel.Open, count, null, r);
        if (phase.Span > HttpLoadLimits.MaxDuration)
        {
            settings.Error("requests", $"{count} requests at {r.ToString(CultureInfo.InvariantCulture)}/s take {Units.FormatDuration(phase.Span.Value)}, above the cap of {Units.FormatDuration(HttpLoadLimits.MaxDuration)} on load checks");
            ok = false;
            return null;
        }

        return phase;
    }

    private static LoadPhase? ClosedPhase(CheckSettings settings, int? requests, TimeSpan? duration, ref bool ok)
    {
        if (!settings.Has("requests") && !settings.Has("duration"))
        {
            settings.Error("requests", $"check '{settings.Check.Name}' (http-load) needs 'requests' (closed model, with 'concurrency') or 'rate' and 'duration' (open model)");
            ok = false;
            return null;
        }

        if ((settings.Has("requests") && requests is null) || (settings.Has("duration") && duration is null))
        {
            return null;
        }

        return new LoadPhase(LoadModel.Closed, requests ?? HttpLoadLimits.MaxRequests, duration, 0);
    }

    private static LoadPhase WarmupPhase(LoadModel model, double rate, long? requests, TimeSpan? duration)
    {
        if (requests is null && duration is null)
        {
            return LoadPhase.None;
        }

        return model == LoadModel.Open
            ? new LoadPhase(LoadModel.Open, requests ?? (long)Math.Ceiling(rate * duration!.Value.TotalSeconds), null, rate)
            : new LoadPhase(LoadModel.Closed, requests ?? HttpLoadLimits.MaxRequests, duration, 0);
    }

    private static bool WithinCaps(CheckSettings settings, LoadPhase run, LoadPhase warmup, TimeSpan requestTimeout)
    {
        var ok = true;
        var closedUnbounded = run.Model == LoadModel.Closed && !settings.Has("requests");
        var warmupUnbounded = warmup.Model == LoadModel.Closed && warmup.Duration is not null;
        if (!closedUnbounded && !warmupUnbounded && run.Requests + warmup.Requests > HttpLoadLimits.MaxRequests)
        {
            var what = warmup.IsEmpty ? (run.Model == LoadModel.Open ? "rate × duration is" : "'requests' is") : "warmup and run together send";
            settings.Error(warmup.IsEmpty ? "rate" : "warmup", $"{what} {run.Requests + warmup.Requests} requests, above the cap of {HttpLoadLimits.MaxRequests} on load checks");
            ok = false;
        }

        var span = (run.Span ?? TimeSpan.Zero) + (warmup.Span ?? TimeSpan.Zero);
        if (span > HttpLoadLimits.MaxDuration)
        {
            settings.Error("warmup", $"warmup and run together last {Units.FormatDuration(span)}, above the cap of {Units.FormatDuration(HttpLoadLimits.MaxDuration)} on load checks");
            ok = false;
        }

        // The check's timeout bounds the whole attempt; a load run that cannot fit in it would always end as a timeout.
        var needed = span + requestTimeout;
        if (run.Span is not null && settings.Check.Timeout < needed)
        {
            settings.Error("timeout", $"check '{settings.Check.Name}': 'timeout' ({Units.FormatDuration(settings.Check.Timeout)}) bounds the whole load run and must be at least warmup + duration + request_timeout = {Units.FormatDuration(needed)}");
            ok = false;
        }

        return ok;
    }

    private static string GuessContentType(string body)
    {
        var trimmed = body.TrimStart();
        return trimmed.StartsWith('{') || trimmed.StartsWith('[') ? "application/json" : "text/plain; charset=utf-8";
    }
}
