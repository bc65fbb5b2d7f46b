using System.Globalization;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>The load's shape: closed or open model, warmup, timeouts, and the hard caps.</summary>
internal static partial class HttpLoadSettingsReader
{
    private static int DefaultOpenConcurrency(double rate) =>
        Math.Clamp((int)Math.Ceiling(rate), 1, HttpLoadLimits.DefaultOpenConcurrency);

    private static double? ReadRate(CheckSettings settings)
    {
        if (!settings.Has("rate"))
        {
            return null;
        }

        var rate = settings.Number("rate");
        if (rate is not { } r)
        {
            return null;
        }

        if (!(r > 0) || r > HttpLoadLimits.MaxRate)
        {
            settings.Error("rate", $"'rate' (requests per second) must be above 0 and at most {HttpLoadLimits.MaxRate.ToString(CultureInfo.InvariantCulture)}, not {r.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return r;
    }

    private static TimeSpan? ReadDuration(CheckSettings settings, string key)
    {
        if (!settings.Has(key))
        {
            return null;
        }

        var duration = settings.Duration(key);
        if (duration is not { } d)
        {
            return null;
        }

        if (d <= TimeSpan.Zero || d > HttpLoadLimits.MaxDuration)
        {
            settings.Error(key, $"'{key}' must be above 0 and at most {Units.FormatDuration(HttpLoadLimits.MaxDuration)} (the cap on load checks), not {Units.FormatDuration(d)}");
            return null;
        }

        return d;
    }

    private static TimeSpan ReadRequestTimeout(CheckSettings settings)
    {
        if (!settings.Has("request_timeout"))
        {
            return settings.Check.Timeout < HttpLoadLimits.DefaultRequestTimeout ? settings.Check.Timeout : HttpLoadLimits.DefaultRequestTimeout;
        }

        var timeout = settings.Duration("request_timeout");
        if (timeout is not { } t)
        {
            return HttpLoadLimits.DefaultRequestTimeout;
        }

        if (t <= TimeSpan.Zero || t > HttpLoadLimits.MaxRequestTimeout)
        {
            settings.Error("request_timeout", $"'request_timeout' must be above 0 and at most {Units.FormatDuration(HttpLoadLimits.MaxRequestTimeout)}, not {Units.FormatDuration(t)}");
        }

        return t;
    }

    /// <summary><c>warmup: 200</c> is a number of requests, <c>warmup: 5s</c> a duration.</summary>
    private static (long? Requests, TimeSpan? Duration) ReadWarmup(CheckSettings settings)
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
            }

            return (count, null);
        }

        if (node is ConfigScalar text && Units.TryParseDuration(text.Value, out _))
        {
            return (null, ReadDuration(settings, "warmup"));
        }

        settings.Error("warmup", "'warmup' must be a number of requests (e.g. 100) or a duration (e.g. 5s)");
        return (null, null);
    }

    private static LoadPhase? OpenPhase(CheckSettings settings, double? rate, int? requests, TimeSpan? duration)
    {
        if (settings.Has("duration") == settings.Has("requests"))
        {
            settings.Error("rate", "with 'rate' (open model) give either 'duration' or 'requests', not both and not neither");
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
            return null;
        }

        return phase;
    }

    private static LoadPhase? ClosedPhase(CheckSettings settings, int? requests, TimeSpan? duration)
    {
        if (!settings.Has("requests") && !settings.Has("duration"))
        {
            settings.Error("requests", $"check '{settings.Check.Name}' (http-load) needs 'requests' (closed model, with 'concurrency') or 'rate' and 'duration' (open model)");
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

    private static void WithinCaps(CheckSettings settings, LoadPhase run, LoadPhase warmup, TimeSpan requestTimeout)
    {
        var closedUnbounded = run.Model == LoadModel.Closed && !settings.Has("requests");
        var warmupUnbounded = warmup.Model == LoadModel.Closed && warmup.Duration is not null;
        if (!closedUnbounded && !warmupUnbounded && run.Requests + warmup.Requests > HttpLoadLimits.MaxRequests)
        {
            var what = warmup.IsEmpty ? (run.Model == LoadModel.Open ? "rate × duration is" : "'requests' is") : "warmup and run together send";
            settings.Error(warmup.IsEmpty ? "rate" : "warmup", $"{what} {run.Requests + warmup.Requests} requests, above the cap of {HttpLoadLimits.MaxRequests} on load checks");
        }

        var span = (run.Span ?? TimeSpan.Zero) + (warmup.Span ?? TimeSpan.Zero);
        if (span > HttpLoadLimits.MaxDuration)
        {
            settings.Error("warmup", $"warmup and run together last {Units.FormatDuration(span)}, above the cap of {Units.FormatDuration(HttpLoadLimits.MaxDuration)} on load checks");
        }

        // The check's timeout bounds the whole attempt; a load run that cannot fit in it would always end as a timeout.
        var needed = span + requestTimeout;
        if (run.Span is not null && settings.Check.Timeout < needed)
        {
            settings.Error("timeout", $"check '{settings.Check.Name}': 'timeout' ({Units.FormatDuration(settings.Check.Timeout)}) bounds the whole load run and must be at least warmup + duration + request_timeout = {Units.FormatDuration(needed)}");
        }
    }
}
