using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.HttpLoad;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Bench.HttpLoad;

/// <summary>
/// <c>http-load --url U (--requests N | --duration S) --concurrency C [--rate R] [--warmup-requests N] [--request-timeout-ms T]</c>:
/// drives the http-load probe exactly as a check does and prints one line of <c>key=value</c> figures for load-vs-wrk.sh.
/// Against the load target's <c>/mixed</c> (every third request never answers) <c>max</c> minus T is how late a request
/// timeout ends a request: the timeout overshoot.
/// </summary>
internal static class HttpLoadMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new BenchArgs(args);
        var url = new Uri(a.Get("url") ?? throw new ArgumentException("--url is required"));
        var concurrency = (int)(a.Number("concurrency") ?? 1);
        var duration = a.Number("duration") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var rate = a.Number("rate");
        var requests = (long)(a.Number("requests") ?? (rate is { } r && duration is { } d ? Math.Ceiling(r * d.TotalSeconds) : HttpLoadLimits.MaxRequests));
        var warmup = (long)(a.Number("warmup-requests") ?? 0);
        var requestTimeout = a.Number("request-timeout-ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : HttpLoadLimits.DefaultRequestTimeout;

        var options = new HttpLoadOptions
        {
            Url = url,
            Concurrency = concurrency,
            RequestTimeout = requestTimeout,
            Run = rate is { } open ? new LoadPhase(LoadModel.Open, requests, null, open) : new LoadPhase(LoadModel.Closed, requests, duration, 0),
            Warmup = warmup == 0 ? LoadPhase.None
                : rate is { } w ? new LoadPhase(LoadModel.Open, warmup, null, w) : new LoadPhase(LoadModel.Closed, warmup, null, 0),
        };
        var context = new ProbeContext
        {
            Environment = "bench",
            CheckName = "bench",
            Timeout = TimeSpan.FromMinutes(10),
            TimeProvider = TimeProvider.System,
            Logger = NullLogger.Instance,
            Secrets = new SecretRedactor(),
        };

        var result = await new HttpLoadProbe(options, allowed: true).RunAsync(context, CancellationToken.None);
        if (result.Error is { } error)
        {
            await Console.Error.WriteLineAsync(error.ToString());
            return 1;
        }

        string F(string path) => ((double)result.Measurements.Lookup(path).Value!).ToString("0.###", CultureInfo.InvariantCulture);
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(
            $"requests={F("requests")} throughput={F("throughput")} p50={F("p50")} p90={F("p90")} p99={F("p99")} max={F("max")} " +
            $"error_rate={F("error_rate")} peak_working_set_mb={(self.PeakWorkingSet64 / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture)}");
        return 0;
    }
}
