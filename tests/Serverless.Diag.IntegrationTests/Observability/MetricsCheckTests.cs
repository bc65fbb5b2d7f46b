using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Metrics;
using Serverless.Diag.Probes.Metrics.Expressions;
using Serverless.Diag.TestKit.Prometheus;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>The metrics check against a real Kestrel service whose counters change between the two scrapes.</summary>
[Collection(MetricsWindowCollection.Name)]
public class MetricsCheckTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private static string Yaml(MetricsTarget target, string window, string statusLabel = "code") => $$"""
        url: {{target.MetricsUrl}}
        window: {{window}}
        status_label: {{statusLabel}}
        values:
          errors: increase(http_requests_total{$status=~"5.."})
          requests: increase(http_requests_total)
          error_ratio: ratio(increase(http_requests_total{$status=~"5.."}), increase(http_requests_total))
          error_rate: sum(rate(http_requests_total{$status=~"5.."}))
          p90: histogram_quantile(0.9, increase(http_request_duration_seconds_bucket{handler="/api/work"}))
        """;

    /// <summary>Starts the probe, and once the first scrape is in, lets <paramref name="between"/> act on the target.</summary>
    private static async Task<ProbeResult> RunWithTrafficAsync(MetricsTarget target, IProbe probe, Func<Task> between)
    {
        target.HoldLaterScrapes();
        var run = YamlProbeHarness.RunAsync(probe, Generous);
        try
        {
            await target.WaitForScrapesAsync(1, Generous);
            await between();
        }
        finally
        {
            target.ReleaseLaterScrapes();
        }

        return await run;
    }

    [Theory]
    [InlineData("code")]
    [InlineData("status")]
    public async Task Measures_the_5xx_ratio_and_rate_between_two_scrapes(string statusLabel)
    {
        await using var target = await MetricsTarget.StartAsync(statusLabel);
        await target.HitAsync("/api/ok", 50); // before the window: must not count
        var probe = YamlProbeHarness.Build(new MetricsProbeFactory(), Yaml(target, "3s", statusLabel), Generous);

        var result = await RunWithTrafficAsync(target, probe, async () =>
        {
            await target.HitAsync("/api/ok", 6);
            await target.HitAsync("/api/fail", 2);
            await target.HitAsync("/api/work?seconds=0.3", 2);
        });

        Assert.Null(result.Error);
        Assert.Equal(2, result.Number("errors"));
        Assert.Equal(10, result.Number("requests"));
        Assert.Equal(0.2, result.Number("error_ratio"), 12);
        var rate = result.Number("error_rate");
        Assert.InRange(rate, 2 / 30.0, 2 / 2.9); // 2 errors over the measured time between the scrapes (>= 3 s, longer when the scrape was held)
        Assert.Equal(2, target.Scrapes);
        Assert.Contains(result.Evidence, e => e.Title.StartsWith("Metric values (two scrapes", StringComparison.Ordinal) && e.Content.Contains("error_ratio = 0.2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restarted_service_counts_from_zero_instead_of_a_negative_increase()
    {
        await using var target = await MetricsTarget.StartAsync();
        await target.HitAsync("/api/ok", 20);
        await target.HitAsync("/api/fail", 5);
        var probe = YamlProbeHarness.Build(new MetricsProbeFactory(), Yaml(target, "3s"), Generous);

        var result = await RunWithTrafficAsync(target, probe, async () =>
        {
            target.Reset();
            await target.HitAsync("/api/ok", 3);
            await target.HitAsync("/api/fail", 1);
        });

        Assert.Null(result.Error);
        Assert.Equal(4, result.Number("requests"));
        Assert.Equal(1, result.Number("errors"));
        Assert.Equal(0.25, result.Number("error_ratio"), 12);
        Assert.Contains(result.Evidence, e => e.Content.Contains("counter reset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_traffic_in_the_window_is_a_zero_ratio_with_a_note_not_a_division_error()
    {
        await using var target = await MetricsTarget.StartAsync();
        await target.HitAsync("/api/ok", 5);
        var probe = YamlProbeHarness.Build(new MetricsProbeFactory(), Yaml(target, "2s"), Generous);

        var result = await YamlProbeHarness.RunAsync(probe, Generous);

        Assert.Null(result.Error);
        Assert.Equal(0, result.Number("error_ratio"));
        Assert.Equal(0, result.Number("requests"));
        Assert.Contains(result.Hints, h => h.StartsWith("error_ratio: " + MetricEvaluator.NoTraffic, StringComparison.Ordinal));
        Assert.Contains(result.Evidence, e => e.Content.Contains("note: " + MetricEvaluator.NoTraffic, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Computes_a_histogram_quantile_from_the_buckets_observed_in_the_window()
    {
        await using var target = await MetricsTarget.StartAsync();
        await target.HitAsync("/api/work?seconds=3", 100); // slow requests before the window are not in it
        var probe = YamlProbeHarness.Build(new MetricsProbeFactory(), Yaml(target, "3s"), Generous);

        var result = await RunWithTrafficAsync(target, probe, async () =>
        {
            await target.HitAsync("/api/work?seconds=0.02", 8); // (0, 0.05]
            await target.HitAsync("/api/work?seconds=0.4", 2);  // (0.25, 0.5]
        });

        // Rank 0.9 * 10 = 9 is the first of the two observations in (0.25, 0.5]: 0.25 + 0.25 * 1/2.
        Assert.Equal(0.375, result.Number("p90"), 12);
    }

    [Fact]
    public async Task A_single_scrape_reads_current_values()
    {
        await using var target = await MetricsTarget.StartAsync();
        await target.HitAsync("/api/fail", 3);
        await target.HitAsync("/api/ok", 1);
        var probe = YamlProbeHarness.Build(new MetricsProbeFactory(), $$"""
            url: {{target.MetricsUrl}}
            values:
              errors_total: sum(http_requests_total{code=~"5.."})
              up: process_up
              missing: sum(not_exposed_total)
            """);

        var result = await YamlProbeHarness.RunAsync(probe);

        Assert.Equal(3, result.Number("errors_total"));
        Assert.Equal(1, result.Number("up"));
        var missing = result.Measurements.Lookup("missing");
        Assert.False(missing.Found);
        Assert.Contains("no metric named not_exposed_total", missing.MissingReason, StringComparison.Ordinal);
        Assert.Equal(1, target.Scrapes);
    }

    [Fact]
    public async Task A_malformed_page_is_an_error_naming_the_line()
    {
        await using var target = await MetricsTarget.StartAsync();
        target.OverridePage("# TYPE a counter\na 1\na{code=\"500} 2\n");
        var probe = YamlProbeHarness.Build(new MetricsProbeFactory(), $"url: {target.MetricsUrl}\nvalues:\n  a: sum(a)\n");

        var result = await YamlProbeHarness.RunAsync(probe);

        Assert.Equal(ErrorCause.Protocol, result.Error?.Cause);
        Assert.Contains("not valid Prometheus text format: line 3: unterminated label value", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_failures_become_errors_with_their_cause()
    {
        await using var target = await MetricsTarget.StartAsync();
        var notFound = await YamlProbeHarness.RunAsync(YamlProbeHarness.Build(new MetricsProbeFactory(), $"url: {target.BaseAddress}nothing\nvalues:\n  a: sum(a)\n"));
        Assert.Equal(ErrorCause.Protocol, notFound.Error?.Cause);
        Assert.Contains("HTTP 404", notFound.Error!.Message, StringComparison.Ordinal);

        var port = target.Port;
        await target.DisposeAsync();
        var refused = await YamlProbeHarness.RunAsync(YamlProbeHarness.Build(new MetricsProbeFactory(), $"url: http://127.0.0.1:{port}/metrics\nvalues:\n  a: sum(a)\n"));
        Assert.Equal(ErrorCause.Refused, refused.Error?.Cause);
    }

    [Fact]
    public async Task A_token_or_a_password_in_the_url_never_shows_in_the_result()
    {
        await using var target = await MetricsTarget.StartAsync();
        const string token = "planted-metrics-token-1234";
        var url = $"http://scraper:planted-url-password@127.0.0.1:{target.Port}/nothing";
        var (probe, errors, secrets) = YamlProbeHarness.Create(new MetricsProbeFactory(), $"url: {url}\nvalues:\n  a: sum(a)\n");
        Assert.Empty(errors);

        var result = await YamlProbeHarness.RunAsync(probe!, secrets: secrets);

        Assert.NotNull(result.Error);
        // The credentials leave the URL (they are sent as basic auth): the message names the URL without them.
        Assert.Contains($"http://127.0.0.1:{target.Port}/nothing", result.Error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-url-password", result.Everything(), StringComparison.Ordinal);
        var (withToken, _, tokenSecrets) = YamlProbeHarness.Create(new MetricsProbeFactory(), $"url: {target.BaseAddress}nothing\nauth: {{ type: bearer, token: {token} }}\nvalues:\n  a: sum(a)\n");
        Assert.Contains(token, tokenSecrets.Values);
        var tokenResult = await YamlProbeHarness.RunAsync(withToken!, secrets: tokenSecrets);
        Assert.DoesNotContain(token, tokenResult.Everything(), StringComparison.Ordinal);
    }
}
