using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Http;
using Serverless.Diag.Probes.Metrics;
using Serverless.Diag.Probes.Prometheus;
using Serverless.Diag.TestKit.Probes;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Probes;

/// <summary>
/// A target redirects elsewhere: the check's credentials go along only within its origin (scheme, host and port), as
/// curl and browsers do; the evidence says what was withheld. Two Kestrel servers on two ports are two origins.
/// </summary>
public sealed class RedirectCredentialTests : IAsyncLifetime
{
    private const string Token = "RT7#QZ9!XW2@VR5";
    private const string ApiKey = "RK2&DS5*CV8(NM4";
    private readonly ConcurrentQueue<Dictionary<string, string>> _elsewhere = new();
    private readonly ConcurrentQueue<(Dictionary<string, string> Headers, string Query)> _landed = new();
    private readonly ProbeHarness _harness = new();
    private KestrelTarget _other = null!;
    private KestrelTarget _target = null!;

    public async Task InitializeAsync()
    {
        _other = await KestrelTarget.StartAsync(app => app.MapGet("/land", (HttpRequest r) =>
        {
            _elsewhere.Enqueue(Copy(r.Headers));
            _landed.Enqueue((Copy(r.Headers), r.QueryString.Value ?? string.Empty));
            return Results.Text("landed elsewhere");
        }));
        _target = await KestrelTarget.StartAsync(app =>
        {
            app.MapGet("/away", (HttpRequest r) => Results.Redirect($"{_other.BaseAddress}land?{r.QueryString.Value?.TrimStart('?')}&keep=1"));
            app.MapGet("/home", () => Results.Redirect("/land"));
            app.Map("/prometheus/{**rest}", () => Results.Redirect($"{_other.BaseAddress}land"));
            app.MapGet("/land", (HttpRequest r) =>
            {
                _landed.Enqueue((Copy(r.Headers), r.QueryString.Value ?? string.Empty));
                return Results.Text("landed at home");
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Fact]
    public async Task A_redirect_to_another_origin_is_followed_without_the_checks_credentials_and_says_so()
    {
        var result = await RunAsync(_target.Url("/away") + $"?token={Uri.EscapeDataString(Token)}&plain=1", followRedirects: null);

        Assert.Null(result.Error);
        Assert.Equal("landed elsewhere", result.Measurements.Lookup("body").Value);
        var (headers, query) = Assert.Single(_landed);
        Assert.False(headers.ContainsKey("Authorization"));
        Assert.False(headers.ContainsKey("X-Api-Key"));
        Assert.Equal("abc", headers["X-Trace"]);
        Assert.DoesNotContain("token", query, StringComparison.Ordinal);
        Assert.Contains("plain=1", query, StringComparison.Ordinal);
        Assert.Contains("keep=1", query, StringComparison.Ordinal);
        var evidence = Assert.Single(result.Evidence, e => e.Title.StartsWith("Response status", StringComparison.Ordinal)).Content;
        Assert.Contains("another origin: followed without the check's credentials: X-Api-Key, Authorization, ?token", evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, _harness.Secrets.Redact(evidence), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_within_the_origin_keeps_every_credential()
    {
        var result = await RunAsync(_target.Url("/home"), followRedirects: null);

        Assert.Equal("landed at home", result.Measurements.Lookup("body").Value);
        var (headers, _) = Assert.Single(_landed);
        Assert.Equal($"Bearer {Token}", headers["Authorization"]);
        Assert.Equal(ApiKey, headers["X-Api-Key"]);
    }

    [Fact]
    public async Task Same_origin_follows_within_the_origin_and_stops_at_another_with_the_reason()
    {
        var home = await RunAsync(_target.Url("/home"), followRedirects: "same-origin");
        var away = await RunAsync(_target.Url("/away"), followRedirects: "same-origin");

        Assert.Equal("landed at home", home.Measurements.Lookup("body").Value);
        Assert.Equal(302d, away.Measurements.Lookup("status").Value);
        Assert.Empty(_elsewhere);
        Assert.Contains(away.Evidence, e => e.Content.Contains("not followed (another origin, and follow_redirects is same-origin)", StringComparison.Ordinal));
    }

    [Fact]
    public void Follow_redirects_takes_true_false_or_same_origin()
    {
        Assert.Null(_harness.Create(new HttpProbeFactory(), new Dictionary<string, object> { ["url"] = "http://x.test/", ["follow_redirects"] = "sometimes" }));

        Assert.Equal("'follow_redirects' must be true, false or same-origin, not 'sometimes'", Assert.Single(_harness.ErrorsAt("follow_redirects")));
    }

    [Fact]
    public async Task Metrics_and_prometheus_checks_obey_the_same_rule_as_http()
    {
        var metricsAway = await RunObservabilityAsync(new MetricsProbeFactory(), _target.Url("/away"));
        var prometheusAway = await RunObservabilityAsync(new PrometheusProbeFactory(), _target.Url("/prometheus"));
        var metricsHome = await RunObservabilityAsync(new MetricsProbeFactory(), _target.Url("/home"));

        // Followed to the other origin (twice: one per check), without the credential; within the origin, with it.
        Assert.Equal(2, _elsewhere.Count);
        Assert.All(_elsewhere, headers => Assert.False(headers.ContainsKey("X-Api-Key")));
        Assert.Equal(ApiKey, _landed.Last().Headers["X-Api-Key"]);
        Assert.All([metricsAway, prometheusAway, metricsHome], r => Assert.NotNull(r.Error));
        Assert.Contains(prometheusAway.Evidence, e => e.Title == "Redirects" && e.Content.Contains("followed without the check's credentials: X-Api-Key", StringComparison.Ordinal));
    }

    // Kestrel reuses a request's header collection once it is answered: keep a copy.
    private static Dictionary<string, string> Copy(IHeaderDictionary headers) =>
        headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private async Task<ProbeResult> RunObservabilityAsync(IProbeFactory factory, string url)
    {
        var settings = new Dictionary<string, object>
        {
            ["url"] = url,
            ["auth"] = new Dictionary<string, object> { ["type"] = "header", ["name"] = "X-Api-Key", ["value"] = ApiKey },
        };
        settings[factory is MetricsProbeFactory ? "values" : "query"] = factory is MetricsProbeFactory ? new Dictionary<string, object> { ["up"] = "sum(up)" } : "up";

        var probe = _harness.Create(factory, settings);
        Assert.True(probe is not null, string.Join("\n", _harness.Diagnostics.Errors));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await probe.RunAsync(_harness.Context(TimeSpan.FromSeconds(20)), timeout.Token);
    }

    private async Task<ProbeResult> RunAsync(string url, string? followRedirects)
    {
        var settings = new Dictionary<string, object>
        {
            ["url"] = url,
            ["auth"] = new Dictionary<string, object> { ["type"] = "bearer", ["token"] = Token },
            ["headers"] = new Dictionary<string, object> { ["X-Api-Key"] = ApiKey, ["X-Trace"] = "abc" },
        };
        if (followRedirects is not null)
        {
            settings["follow_redirects"] = followRedirects;
        }

        var probe = _harness.Create(new HttpProbeFactory(), settings);
        Assert.True(probe is not null, string.Join("\n", _harness.Diagnostics.Errors));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await probe.RunAsync(_harness.Context(TimeSpan.FromSeconds(20), "body"), timeout.Token);
    }
}
