using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.AzureMonitor;
using Serverless.Diag.AzureMonitor.Logs;
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.TestKit;
using Serverless.Diag.TestKit.AzureMonitor;
using Serverless.Diag.TestKit.Prometheus;

namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>The observability checks through the whole engine: diag.yaml, planner, runner, assertions, report.</summary>
public class ObservabilityRunTests
{
    [Fact]
    public async Task A_config_with_metrics_and_azure_logs_checks_runs_and_judges_them()
    {
        await using var target = await MetricsTarget.StartAsync();
        await target.HitAsync("/api/ok", 9);
        await target.HitAsync("/api/fail", 1);
        await using var azure = await AzureMonitorFake.StartAsync();
        azure.Responder = _ => new FakeAnswer(200, """{"tables":[{"name":"PrimaryResult","columns":[{"name":"exhausted","type":"long"}],"rows":[[3]]}]}""");
        var credential = new TestTokenCredential();
        var registry = new ProbeRegistry(BuiltInProbes.Create()).Add(new AzureLogsProbeFactory(new AzureMonitorOptions
        {
            Credential = credential,
            Transport = new HttpClientTransport(azure.CreateTrustingHandler()),
        }));
        var yaml = $$"""
            version: 1
            environments:
              staging:
                vars: { metrics: "{{target.MetricsUrl}}", logs: "{{azure.Endpoint}}" }
            checks:
              - name: error-rate
                type: metrics
                url: ${metrics}
                values:
                  errors: sum(http_requests_total{$status=~"5.."})
                  error_share: ratio(sum(http_requests_total{code=~"5.."}), sum(http_requests_total))
                expect:
                  - errors < 5
                  - warn: error_share < 5%
              - name: pool-exhausted
                type: azure-logs
                workspace: 63613592-b6f7-4c3d-a390-22ba13102111
                endpoint: ${logs}
                query: AppTraces | where Message has "database.pool.exhausted" | count
                timespan: 15m
                expect:
                  - value == 0
            """;
        var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");
        var plan = new RunPlanner(registry, _ => null).Plan(config, RunFilter.All);

        var report = await new DiagRunner(TimeProvider.System, NullLoggerFactory.Instance).RunAsync(plan, null, CancellationToken.None);

        var checks = report.AllChecks.ToDictionary(c => c.Name);
        Assert.Equal(CheckStatus.Warn, checks["error-rate"].Status); // 1 error of 10 requests: 10 % > 5 %
        Assert.Equal(0.1, (double)checks["error-rate"].Measurements["error_share"]!, 12);
        Assert.Equal(CheckStatus.Fail, checks["pool-exhausted"].Status);
        Assert.Equal(3.0, checks["pool-exhausted"].Measurements["value"]);
        Assert.Contains(checks["pool-exhausted"].Evidence, e => e.Title == "KQL query");
        Assert.Equal(RunStatus.Fail, report.Status);
    }

    [Fact]
    public void A_metrics_check_asserting_on_a_value_it_does_not_define_is_refused_at_load()
    {
        var registry = new ProbeRegistry(BuiltInProbes.Create());
        const string yaml = """
            version: 1
            checks:
              - name: error-rate
                type: metrics
                url: http://127.0.0.1:9/metrics
                values:
                  errors: sum(http_requests_total{code=~"5.."})
                expect:
                  - eror < 5
            """;
        var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");

        var error = Assert.Throws<ConfigException>(() => new RunPlanner(registry, _ => null).Plan(config, RunFilter.All));

        Assert.Equal(["diag.yaml:9:9: 'eror' is not one of this check's values (errors)"], error.Errors.Select(e => e.ToString()));
    }
}
