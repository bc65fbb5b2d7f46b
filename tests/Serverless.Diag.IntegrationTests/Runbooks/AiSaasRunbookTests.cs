using Serverless.Diag.TestKit.Prometheus;
using Serverless.Diag.TestKit.Runbooks;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// examples/ai-saas-platform.yaml (guide 004) in <c>staging</c> against the simulated API and external service, the shared
/// Redis (memory limit, allkeys-lru), a real Prometheus scraping the API, and the Azure Monitor fake.
/// </summary>
[Collection(RunbookCollection.Name)]
public sealed class AiSaasRunbookTests(RunbookServers servers) : IAsyncLifetime
{
    private const string Example = "ai-saas-platform.yaml";
    private AiSaasSimulation _platform = null!;
    private PrometheusServer? _prometheus;

    public async Task InitializeAsync()
    {
        _platform = await AiSaasSimulation.StartAsync();
        if (servers.Unavailable is null && PrometheusServer.FindBinary() is not null)
        {
            try
            {
                await servers.ResetAsync();
                _prometheus = await PrometheusWaits.StartAsync(_platform.ScrapeTargets);
            }
            catch
            {
                await _platform.DisposeAsync();
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

        await _platform.DisposeAsync();
        if (servers.Unavailable is null)
        {
            await servers.ResetAsync();
        }
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task Every_check_passes_against_the_healthy_platform()
    {
        var outcome = await RunAsync();

        outcome.AssertAllPassed();
        Assert.Equal(14, outcome.Report.AllChecks.Count());
        Assert.Equal("allkeys-lru", outcome.Check("cache-memory").Measurements["memory.policy"]);
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task Rising_api_and_agent_errors_fail_the_metrics_check_and_the_alert_rule()
    {
        _platform.Metrics.ErrorsPerTick = 20;
        _platform.Metrics.AgentErrorsPerTick = 5;
        await PrometheusWaits.UntilAsync(Prometheus, "sum(rate(agent_errors_total[5m])) > 0.1", TimeSpan.FromSeconds(60));

        var outcome = await RunAsync(tags: ["metrics", "monitoring"]);

        outcome.AssertFailedOn("api-metrics", "error_ratio < 5%");
        outcome.AssertFailedOn("api-metrics", "agent_errors_per_second < 0.1");
        outcome.AssertFailedOn("high-error-rate-rule", "value < 0.1");
        outcome.AssertOnlyIncidentsFor("api-metrics", "high-error-rate-rule");
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task An_api_Prometheus_can_no_longer_scrape_fails_the_targets_check()
    {
        await _platform.StopApiAsync();
        await PrometheusWaits.UntilAsync(Prometheus, "up == 0", TimeSpan.FromSeconds(30));

        var outcome = await RunAsync(tags: ["monitoring"]);

        var check = outcome.AssertFailedOn("prometheus-targets", "targets.down == 0");
        Assert.Equal(1.0, check.Measurements["targets.down"]);
        outcome.AssertSkippedBecauseOf("high-error-rate-rule", "prometheus-targets");
        outcome.AssertOnlyIncidentsFor("prometheus-targets");
        Assert.Contains("/metrics", outcome.Incident("prometheus-targets"), StringComparison.Ordinal);
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task A_cache_without_the_lru_policy_fails_the_cache_memory_check()
    {
        await using (var redis = await servers.ConnectRedisAsync())
        {
            await redis.GetServers()[0].ConfigSetAsync("maxmemory-policy", "noeviction");
        }

        var outcome = await RunAsync(tags: ["redis"]);

        outcome.AssertFailedOn("cache-memory", "memory.policy == \"allkeys-lru\"");
        outcome.AssertOnlyIncidentsFor("cache-memory");
        Assert.Contains("maxmemory-policy allkeys-lru", outcome.Incident("cache-memory"), StringComparison.Ordinal);
    }

    [RunbookFact(needsPrometheus: true)]
    public async Task Mostly_missed_lookups_fail_the_hit_rate_check()
    {
        await using (var redis = await servers.ConnectRedisAsync())
        {
            var db = redis.GetDatabase();
            for (var i = 0; i < 300; i++)
            {
                await db.StringGetAsync($"agent:{i}:query:missing");
            }
        }

        var outcome = await RunAsync(tags: ["redis"]);

        outcome.AssertFailedOn("cache-hit-rate", "hit_ratio > 80%");
        outcome.AssertOnlyIncidentsFor("cache-hit-rate");
    }

    private PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("Prometheus did not start");

    private Task<RunbookOutcome> RunAsync(IReadOnlyList<string>? checks = null, IReadOnlyList<string>? tags = null) =>
        new RunbookRunner(servers).RunAsync(Example, "staging", _platform.Vars(Prometheus.Url), Secrets(), checks, tags);

    private Dictionary<string, string> Secrets() => new(StringComparer.Ordinal)
    {
        ["REDIS_URL"] = servers.RedisUrl,
    };
}
