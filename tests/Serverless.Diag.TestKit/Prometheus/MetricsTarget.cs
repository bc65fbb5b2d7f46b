using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.Prometheus;

/// <summary>
/// A throwaway Kestrel service on 127.0.0.1 that counts its own requests and exposes them at <c>/metrics</c>
/// in the Prometheus text format, as an instrumented FastAPI/ASP.NET service would:
/// <c>GET /api/ok</c> (200), <c>GET /api/fail</c> (500), <c>GET /api/work?seconds=0.3</c> (200, observes
/// 0.3 s in the duration histogram). Counters can be reset (a process restart) and the page replaced.
/// </summary>
public sealed class MetricsTarget : IAsyncDisposable
{
    public static readonly double[] Buckets = [0.05, 0.1, 0.25, 0.5, 1, double.PositiveInfinity];

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Handler, int Code), long> _requests = [];
    private readonly Dictionary<string, (long[] Buckets, double Sum, long Count)> _durations = [];
    private readonly string _statusLabel;
    private string? _pageOverride;
    private int _scrapes;
    private string? _lastAuthorization;
    private TaskCompletionSource _scraped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _laterScrapesHeld;

    private MetricsTarget(WebApplication app, string statusLabel)
    {
        _app = app;
        _statusLabel = statusLabel;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri MetricsUrl => new(BaseAddress, "/metrics");

    public int Port => BaseAddress.Port;

    public int Scrapes => Volatile.Read(ref _scrapes);

    /// <summary>The Authorization header of the latest scrape.</summary>
    public string? LastAuthorization => Volatile.Read(ref _lastAuthorization);

    /// <param name="statusLabel">The label carrying the HTTP status: <c>code</c> (prometheus client default) or <c>status</c>.</param>
    public static async Task<MetricsTarget> StartAsync(string statusLabel = "code", int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var target = new MetricsTarget(app, statusLabel);
        app.MapGet("/api/ok", () => target.Record("/api/ok", 200, null));
        app.MapGet("/api/fail", () => target.Record("/api/fail", 500, null));
        app.MapGet("/api/work", (double seconds) => target.Record("/api/work", 200, seconds));
        app.MapGet("/metrics", (HttpRequest request) => target.ServeMetricsAsync(request));
        await app.StartAsync();
        target.BaseAddress = new Uri(app.Urls.First());
        return target;
    }

    /// <summary>Serves this text at /metrics instead of the counters (malformed pages, other formats).</summary>
    public void OverridePage(string? text) => _pageOverride = text;

    /// <summary>Forgets every count, as a restarted process would.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _requests.Clear();
            _durations.Clear();
        }
    }

    /// <summary>
    /// Makes every scrape after the first wait until <see cref="ReleaseLaterScrapes"/>, so traffic a test sends
    /// between two scrapes lands in the window however slow the machine is, instead of racing the window's timer.
    /// </summary>
    public void HoldLaterScrapes()
    {
        lock (_gate)
        {
            _laterScrapesHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseLaterScrapes()
    {
        TaskCompletionSource? held;
        lock (_gate)
        {
            held = _laterScrapesHeld;
            _laterScrapesHeld = null;
        }

        held?.TrySetResult();
    }

    /// <summary>Completes once /metrics has been scraped at least <paramref name="count"/> times.</summary>
    public async Task WaitForScrapesAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            lock (_gate)
            {
                // Count and signal are read together: a scrape between reading one and the other would leave
                // this waiting for the scrape after it (which a held scrape never delivers).
                if (_scrapes >= count)
                {
                    return;
                }

                next = _scraped.Task;
            }

            await next.WaitAsync(cancel.Token);
        }
    }

    /// <summary>Sends requests to its own endpoints, as clients would.</summary>
    public async Task HitAsync(string pathAndQuery, int times)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        for (var i = 0; i < times; i++)
        {
            using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private IResult Record(string handler, int code, double? seconds)
    {
        lock (_gate)
        {
            _requests[(handler, code)] = _requests.GetValueOrDefault((handler, code)) + 1;
            if (seconds is { } s)
            {
                var (buckets, sum, count) = _durations.TryGetValue(handler, out var d) ? d : (new long[Buckets.Length], 0d, 0L);
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (s <= Buckets[i])
                    {
                        buckets[i]++;
                    }
                }

                _durations[handler] = (buckets, sum + s, count + 1);
            }
        }

        return code == 200 ? Results.Ok("ok") : Results.StatusCode(code);
    }

    private async Task<IResult> ServeMetricsAsync(HttpRequest request)
    {
        Task? held;
        lock (_gate)
        {
            held = _scrapes >= 1 ? _laterScrapesHeld?.Task : null;
        }

        if (held is not null)
        {
            await held.WaitAsync(request.HttpContext.RequestAborted);
        }

        Volatile.Write(ref _lastAuthorization, request.Headers.Authorization.FirstOrDefault());
        var page = _pageOverride ?? Render();
        TaskCompletionSource done;
        lock (_gate)
        {
            _scrapes++;
            done = _scraped;
            _scraped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.SetResult();
        return Results.Text(page, "text/plain; version=0.0.4; charset=utf-8");
    }

    private string Render()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.Append("# HELP http_requests_total Total HTTP requests.\n# TYPE http_requests_total counter\n");
            foreach (var ((handler, code), count) in _requests.OrderBy(r => r.Key.Handler, StringComparer.Ordinal).ThenBy(r => r.Key.Code))
            {
                text.Append(CultureInfo.InvariantCulture, $"http_requests_total{{handler=\"{handler}\",method=\"GET\",{_statusLabel}=\"{code}\"}} {count}\n");
            }

            text.Append("# HELP http_request_duration_seconds Request duration.\n# TYPE http_request_duration_seconds histogram\n");
            foreach (var (handler, (buckets, sum, count)) in _durations)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    var le = double.IsPositiveInfinity(Buckets[i]) ? "+Inf" : Buckets[i].ToString(CultureInfo.InvariantCulture);
                    text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{handler=\"{handler}\",le=\"{le}\"}} {buckets[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_sum{{handler=\"{handler}\"}} {sum}\n");
                text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_count{{handler=\"{handler}\"}} {count}\n");
            }

            text.Append("# TYPE process_up gauge\nprocess_up 1\n");
        }

        return text.ToString();
    }
}
