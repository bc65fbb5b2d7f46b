using Serverless.Diag.AzureMonitor.Logs;
using Serverless.Diag.AzureMonitor.Metrics;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Probes.Metrics;
using Serverless.Diag.Probes.Prometheus;

using Serverless.Diag.TestKit.Probes;

namespace Serverless.Diag.Tests.Observability;

/// <summary>Settings of the four observability checks are refused before anything runs, at their position.</summary>
public class ObservabilitySettingsTests
{
    private static List<string> Errors(Serverless.Diag.Probes.IProbeFactory factory, string yaml, TimeSpan? timeout = null)
    {
        var (probe, errors, _) = YamlProbeHarness.Create(factory, yaml, timeout);
        Assert.Equal(errors.Count == 0, probe is not null);
        return [.. errors.Select(e => e.ToString())];
    }

    [Fact]
    public void The_catalogue_offers_the_four_types()
    {
        var registry = ProbeCatalog.CreateDefault();

        Assert.IsType<MetricsProbeFactory>(registry.Find("metrics"));
        Assert.IsType<PrometheusProbeFactory>(registry.Find("prometheus"));
        Assert.IsType<AzureLogsProbeFactory>(registry.Find("azure-logs"));
        Assert.IsType<AzureMetricsProbeFactory>(registry.Find("azure-metrics"));
    }

    [Fact]
    public void Metrics_accepts_named_values_and_a_window()
    {
        var errors = Errors(new MetricsProbeFactory(), """
            url: http://127.0.0.1:9/metrics
            window: 5s
            status_label: status
            values:
              errors: sum(http_requests_total{$status=~"5.."})
              error_ratio: ratio(increase(http_requests_total{$status=~"5.."}), increase(http_requests_total))
              p99: histogram_quantile(0.99, increase(http_request_duration_seconds_bucket))
            expect:
              - error_ratio < 1%
              - warn: p99 < 0.5
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Metrics_points_at_the_column_of_a_bad_expression()
    {
        var errors = Errors(new MetricsProbeFactory(), """
            url: http://127.0.0.1:9/metrics
            values:
              errors: sum(http_requests_total{code=5})
            """);

        Assert.Equal(["diag.yaml:3:40: 'errors': expected a quoted label value"], errors);
    }

    [Fact]
    public void Metrics_needs_a_window_for_rate_and_increase_and_a_window_shorter_than_the_timeout()
    {
        Assert.Equal(
            ["diag.yaml:3:11: 'errors': rate() and increase() compare two scrapes; set 'window' (e.g. window: 30s)"],
            Errors(new MetricsProbeFactory(), "url: http://127.0.0.1:9/metrics\nvalues:\n  errors: rate(http_requests_total)\n"));

        var tooLong = Errors(new MetricsProbeFactory(), "url: http://127.0.0.1:9/metrics\nwindow: 30s\nvalues:\n  errors: rate(x)\n", TimeSpan.FromSeconds(10));
        Assert.Equal(["diag.yaml:2:1: 'window' (30s) must be shorter than the check's timeout (10s): both scrapes happen within it"], tooLong);
    }

    [Fact]
    public void Metrics_refuses_an_expect_path_that_is_not_one_of_its_values()
    {
        var errors = Errors(new MetricsProbeFactory(), """
            url: http://127.0.0.1:9/metrics
            values:
              error_ratio: sum(x)
            expect:
              - eror_ratio < 1%
              - warn: error_ratio < 0.5%
            """);

        Assert.Equal(["diag.yaml:5:5: 'eror_ratio' is not one of this check's values (error_ratio)"], errors);
    }

    [Fact]
    public void Metrics_reports_every_problem_at_once()
    {
        var errors = Errors(new MetricsProbeFactory(), """
            url: ftp://host/metrics
            window: soon
            status_label: "http status"
            auth: { type: digest }
            """);

        Assert.Equal(
        [
            "diag.yaml:1:1: check 'check' (metrics) needs 'values': names mapped to expressions such as sum(http_requests_total{code=~\"5..\"})",
            "diag.yaml:1:6: 'url' must be an absolute http or https URL, not 'ftp://host/metrics'",
            "diag.yaml:2:9: 'window' must be a duration such as 500ms, 10s or 5m, not 'soon'",
            "diag.yaml:3:15: 'status_label' must be a label name such as code or status, not 'http status'",
            "diag.yaml:4:15: 'auth.type' must be one of none, bearer, basic, header, not 'digest'",
        ], errors);
    }

    [Theory]
    [InlineData("url: http://127.0.0.1:9\n", "needs a PromQL 'query', or 'mode: targets'")]
    [InlineData("url: http://127.0.0.1:9\nmode: targets\nquery: up\n", "'query' is not used with 'mode: targets'")]
    [InlineData("url: http://127.0.0.1:9\nquery: up\njob: app\n", "'job' filters targets")]
    [InlineData("url: http://127.0.0.1:9\nmode: graph\n", "'mode' must be one of query, targets, not 'graph'")]
    [InlineData("url: http://127.0.0.1:9\nquery: up\nexpect:\n  - targets.down == 0\n", "'targets.down' is measured only with 'mode: targets'")]
    [InlineData("url: http://127.0.0.1:9\nmode: targets\nexpect:\n  - value == 1\n", "'value' is measured only with 'mode: query'")]
    [InlineData("url: http://127.0.0.1:9\nquery: up\nauth: { type: basic, password: x }\n", "'auth' needs 'username'")]
    public void Prometheus_refuses_inconsistent_settings(string yaml, string message)
    {
        Assert.Contains(Errors(new PrometheusProbeFactory(), yaml), e => e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("query: Usage\n", "needs either 'workspace' (a workspace id) or 'resource' (a resource id), not neither")]
    [InlineData("workspace: w\nresource: /subscriptions/s/resourceGroups/g\nquery: Usage\n", "not both")]
    [InlineData("workspace: w\n", "needs 'query'")]
    [InlineData("resource: storage-account\nquery: Usage\n", "'resource' must be an Azure resource id")]
    [InlineData("workspace: w\nquery: Usage\nendpoint: http://127.0.0.1:1\n", "'endpoint' must be an https:// URL")]
    [InlineData("workspace: w\nquery: Usage\ntimespan: 0s\n", "'timespan' must be above zero")]
    public void Azure_logs_refuses_invalid_settings(string yaml, string message)
    {
        Assert.Contains(Errors(new AzureLogsProbeFactory(), yaml), e => e.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("metric: Percentage CPU\n", "needs 'resource'")]
    [InlineData("resource: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm\n", "needs 'metric'")]
    [InlineData("resource: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm\nmetric: CPU\naggregation: median\n", "'aggregation' must be one of average, minimum, maximum, total, count")]
    [InlineData("resource: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm\nmetric: CPU\ninterval: 1 minute\n", "'interval' must be a duration")]
    [InlineData("resource: /subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm\nmetric: CPU\naudience: management\n", "'audience' must be an https:// URL")]
    public void Azure_metrics_refuses_invalid_settings(string yaml, string message)
    {
        Assert.Contains(Errors(new AzureMetricsProbeFactory(), yaml), e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Building_an_azure_check_creates_no_credential_and_does_no_io()
    {
        var credential = new CountingCredential();
        var (probe, errors, _) = YamlProbeHarness.Create(new AzureLogsProbeFactory(credential), "workspace: w\nquery: Usage | take 1\n");

        Assert.NotNull(probe);
        Assert.Empty(errors);
        Assert.Equal(0, credential.Calls);
    }

    private sealed class CountingCredential : Azure.Core.TokenCredential
    {
        public int Calls { get; private set; }

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Calls++;
            return new Azure.Core.AccessToken("t", TimeProvider.System.GetUtcNow().AddHours(1));
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
