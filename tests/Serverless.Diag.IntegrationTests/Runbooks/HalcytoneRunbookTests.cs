using Serverless.Diag.Reporting;
using Serverless.Diag.TestKit.Prometheus;
using Serverless.Diag.TestKit.Runbooks;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// examples/halcytone-dry-run.yaml (guide 002) in its <c>dry-run</c> environment against the simulated main app, mock CRM,
/// mock platform and Grafana on their own ports, the shared PostgreSQL, and a real Prometheus scraping the three services.
/// (Its Azure Monitor checks run only in <c>staging</c>; the fake serves the same checks in the other guides' tests.)
/// </summary>
[Collection(RunbookCollection.Name)]
public sealed class HalcytoneRunbookTests(RunbookServers servers) : IAsyncLifetime
{
    private const string Example = "halcytone-dry-run.yaml";
    private HalcytoneSimulation _system = null!;
    private PrometheusServer? _prometheus;

    public async Task InitializeAsync()
    {
        _system = await HalcytoneSimulation.StartAsync();
        if (servers.Unavailable is null && PrometheusServer.FindBinary() is not null)
        {
            try
            {
                await servers.ResetAsync();
                _prometheus = await PrometheusWaits.StartAsync(_system.ScrapeTargets);
            }
            catch
            {
                await _system.DisposeAsync();
                throw;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        await _system.DisposeAsync();
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task Every_check_passes_against_the_healthy_dry_run_system()
    {
        var outcome = await RunAsync();

        outcome.AssertAllPassed();
        Assert.Equal(19, outcome.Report.AllChecks.Count());
        Assert.Equal(3.0, outcome.Check("prometheus-targets").Measurements["targets.up"]);
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task A_dead_mock_crm_fails_its_port_check_and_shows_as_a_down_target()
    {
        await _system.StopCrmAsync();
        await PrometheusWaits.UntilAsync(Prometheus, "up == 0", TimeSpan.FromSeconds(30));

        var outcome = await RunAsync(tags: ["mocks", "monitoring"]);

        outcome.AssertErrored("crm-port", "refused");
        outcome.AssertSkippedBecauseOf("crm-health", "crm-port");
        Assert.Equal(CheckStatus.Skipped, outcome.Check("crm-email-send-smoke").Status);
        outcome.AssertFailedOn("prometheus-targets", "targets.down == 0");
        Assert.Equal(CheckStatus.Pass, outcome.Check("platform-health").Status);
        outcome.AssertOnlyIncidentsFor("crm-port", "prometheus-targets");
        Assert.Contains("crm_service.py", outcome.Incident("crm-port"), StringComparison.Ordinal);
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task Content_generation_over_two_seconds_fails_the_smoke_test_threshold()
    {
        _system.GenerationDelay = TimeSpan.FromSeconds(2.5);

        var outcome = await RunAsync(checks: ["host-dns", "main-port", "main-health", "generate-content-smoke"]);

        outcome.AssertFailedOn("generate-content-smoke", "latency < 2s");
        outcome.AssertOnlyIncidentsFor("generate-content-smoke");
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task Slow_requests_seen_by_Prometheus_fail_the_p95_check()
    {
        _system.MainMetrics.RequestSeconds = 4;
        await PrometheusWaits.UntilAsync(Prometheus, "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m]))) > 2", TimeSpan.FromSeconds(60));

        var outcome = await RunAsync(tags: ["monitoring"]);

        outcome.AssertFailedOn("response-time-p95", "value < 2");
        outcome.AssertOnlyIncidentsFor("response-time-p95");
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task A_rising_error_rate_seen_by_Prometheus_fails_the_error_rate_check()
    {
        _system.MainMetrics.ErrorsPerTick = 60;
        await PrometheusWaits.UntilAsync(Prometheus, "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m])) > 0.05", TimeSpan.FromSeconds(60));

        var outcome = await RunAsync(tags: ["monitoring"]);

        outcome.AssertFailedOn("error-rate", "value < 0.05");
        outcome.AssertOnlyIncidentsFor("error-rate");
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task A_content_api_without_authentication_fails_the_P0_security_checks()
    {
        _system.AuthDisabled = true;

        var outcome = await RunAsync(tags: ["security"]);

        var check = outcome.AssertFailedOn("generate-content-anonymous-refused", "status in [401, 403]");
        Assert.Equal(Configuration.Severity.P0, check.Severity);
        outcome.AssertFailedOn("generate-content-invalid-key-refused", "status in [401, 403]");
        outcome.AssertFailedOn("api-key-journey", "step 'forged-key': status in [401, 403]");
        outcome.AssertOnlyIncidentsFor("generate-content-anonymous-refused", "generate-content-invalid-key-refused", "api-key-journey");
        Assert.Contains("severity:P0", outcome.Incident("generate-content-anonymous-refused"), StringComparison.Ordinal);
    }

    private PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("Prometheus did not start");

    private Task<RunbookOutcome> RunAsync(IReadOnlyList<string>? checks = null, IReadOnlyList<string>? tags = null) =>
        new RunbookRunner(servers).RunAsync(Example, "dry-run", _system.Vars(Prometheus.Url), Secrets(), checks, tags);

    private Dictionary<string, string> Secrets() => new(StringComparer.Ordinal)
    {
        ["DATABASE_URL"] = servers.DatabaseUrl,
        ["HALCYTONE_API_KEY"] = _system.ApiKey,
    };
}
