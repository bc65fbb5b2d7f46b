using Serverless.Diag.Probes;
using Serverless.Diag.Probes.HttpLoad;

using Serverless.Diag.TestKit.HttpLoad;

namespace Serverless.Diag.Tests.HttpLoad;

public class HttpLoadSettingsTests
{
    private const string Url = "url: http://127.0.0.1:9/items";

    [Fact]
    public void Requests_and_concurrency_make_a_closed_model_run()
    {
        var options = LoadChecks.Probe($"{Url}\nrequests: 500\nconcurrency: 8\nmethod: post\nbody: '{{\"a\": 1}}'").Options;

        Assert.Equal(LoadModel.Closed, options.Run.Model);
        Assert.Equal(500, options.Run.Requests);
        Assert.Null(options.Run.Duration);
        Assert.Equal(8, options.Concurrency);
        Assert.Equal(HttpMethod.Post, options.Method);
        Assert.Equal("application/json", options.ContentType);
        Assert.True(options.Warmup.IsEmpty);
    }

    [Fact]
    public void Closed_model_concurrency_defaults_to_one_like_ab()
    {
        Assert.Equal(1, LoadChecks.Probe($"{Url}\nrequests: 10").Options.Concurrency);
    }

    [Fact]
    public void Rate_and_duration_make_an_open_model_run_with_every_request_scheduled()
    {
        var options = LoadChecks.Probe($"{Url}\nrate: 50\nduration: 10s\nwarmup: 2s").Options;

        Assert.Equal(LoadModel.Open, options.Run.Model);
        Assert.Equal(500, options.Run.Requests);
        Assert.Equal(50, options.Run.Rate);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Run.Span);
        Assert.Equal(50, options.Concurrency);
        Assert.Equal(LoadModel.Open, options.Warmup.Model);
        Assert.Equal(100, options.Warmup.Requests);
    }

    [Fact]
    public void Open_model_connections_default_to_at_most_64()
    {
        Assert.Equal(HttpLoadLimits.DefaultOpenConcurrency, LoadChecks.Probe($"{Url}\nrate: 1000\nduration: 5s").Options.Concurrency);
    }

    [Theory]
    [InlineData("warmup: 100", 100, null)]
    [InlineData("warmup: 3s", HttpLoadLimits.MaxRequests, 3.0)]
    public void Warmup_is_a_number_of_requests_or_a_duration(string warmup, long requests, double? seconds)
    {
        var options = LoadChecks.Probe($"{Url}\nrequests: 10\n{warmup}").Options;

        Assert.Equal(requests, options.Warmup.Requests);
        Assert.Equal(seconds, options.Warmup.Duration?.TotalSeconds);
    }

    [Theory]
    [InlineData("requests: 2000000", "1000000")]
    [InlineData("requests: 10\nduration: 10m", "5m")]
    [InlineData("rate: 10000\nduration: 5m", "1000000")]
    [InlineData("rate: 1\nrequests: 400", "5m")]
    [InlineData("requests: 10\nconcurrency: 5000", "1000")]
    [InlineData("requests: 10\nwarmup: 6m", "5m")]
    [InlineData("rate: 100\nduration: 4m\nwarmup: 2m", "5m")]
    [InlineData("requests: 999999\nwarmup: 10", "1000009")]
    public void Caps_on_requests_duration_and_concurrency_are_enforced_at_validation(string settings, string cap)
    {
        var errors = LoadChecks.Errors($"{Url}\n{settings}", timeout: "10m");

        var error = Assert.Single(errors);
        Assert.Contains(cap, error, StringComparison.Ordinal);
        Assert.StartsWith("diag.yaml:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_timeout_must_cover_the_whole_open_run()
    {
        var error = Assert.Single(LoadChecks.Errors($"{Url}\nrate: 10\nduration: 30s\nrequest_timeout: 2s", timeout: "10s"));

        Assert.Contains("'timeout' (10s)", error, StringComparison.Ordinal);
        Assert.Contains("32s", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("concurrency: 4", "needs 'requests'")]
    [InlineData("rate: 10\nduration: 2s\nrequests: 20", "not both")]
    [InlineData("rate: 0\nduration: 2s", "'rate'")]
    [InlineData("requests: 0", "'requests' must be between 1")]
    [InlineData("requests: 10\nwarmup: soon", "'warmup'")]
    [InlineData("requests: 10\nrequest_timeout: 5m", "'request_timeout'")]
    [InlineData("requests: 10\nmethod: 'GE T'", "'method'")]
    public void Incomplete_or_contradictory_settings_are_refused(string settings, string message)
    {
        var errors = LoadChecks.Errors($"{Url}\n{settings}");

        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("url: ftp://127.0.0.1/x")]
    [InlineData("url: not a url")]
    public void Only_absolute_http_urls_are_accepted(string url)
    {
        Assert.Contains(LoadChecks.Errors($"{url}\nrequests: 10"), e => e.Contains("'url' must be an absolute http", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_measurements_are_refused_before_anything_runs()
    {
        var factory = new HttpLoadProbeFactory();

        Assert.True(factory.Vocabulary.Knows("p99"));
        Assert.True(factory.Vocabulary.Knows("status.503"));
        Assert.True(factory.Vocabulary.Knows("errors.timeout"));
        Assert.False(factory.Vocabulary.Knows("latency"));
        Assert.False(factory.Vocabulary.Knows("p98"));
    }

    [Fact]
    public void Credentials_in_headers_and_url_are_registered_as_secrets()
    {
        var plan = LoadChecks.PlanAll("url: http://bob:hunter22@127.0.0.1:9/x\nrequests: 10\nheaders:\n  Authorization: Bearer tok-abc-123\n  X-Api-Key: key-456-xyz");

        var redacted = plan.Secrets.Redact("hunter22 tok-abc-123 key-456-xyz");

        Assert.DoesNotContain("hunter22", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-abc-123", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("key-456-xyz", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_environment_without_allow_load_skips_the_check_and_the_probe_refuses_to_run()
    {
        var check = LoadChecks.Plan($"{Url}\nrequests: 10", allowLoad: false);

        Assert.Contains("allow_load: true", check.SkipReason, StringComparison.Ordinal);
        var result = await check.Probe!.RunAsync(LoadChecks.Context(), CancellationToken.None);
        Assert.Equal(ErrorCause.NotAllowed, result.Error?.Cause);
        Assert.Contains("allow_load: true", result.Error!.Message, StringComparison.Ordinal);
    }
}
