using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Sinks.Console;
using Serverless.Diag.Sinks.Json;
using Serverless.Diag.State.Deployments;
using Serverless.Diag.State.Local;
using Serverless.Diag.Tests.State;

namespace Serverless.Diag.Tests.History;

/// <summary>Deployment markers through the real pipeline and a real local store, on a fake clock.</summary>
public sealed class DeploymentMarkerTests : IDisposable
{
    private const string Yaml = """
        version: 1
        state: { deploy_window: 2h }
        checks:
          - name: api
            type: scripted
            timeout: 1s
            expect: ['status == 200']
          - name: db
            type: scripted
            timeout: 1s
            expect: ['status == 200']
        """;

    private static readonly Deployment Deploy = new("abc1234def5678abc1234def5678abc1234def56", "refs/heads/main", 42);

    private readonly MemoryHarness _harness = new();

    [Fact]
    public async Task A_failure_that_begins_after_a_deployment_names_it_with_the_minutes_in_between()
    {
        _harness.Set("api", passing: true);
        _harness.Set("db", passing: true);
        var gate = await RunAsync(Deploy);
        Assert.Equal(RunStatus.Pass, gate.Status);

        var markers = await ((IDeploymentStore)_harness.Store).ReadDeploymentsAsync("default", DateTimeOffset.MinValue, CancellationToken.None);
        var marker = Assert.Single(markers);
        Assert.Equal((Deploy, _harness.Time.GetUtcNow()), (marker.Deployment, marker.Time));

        // A scheduled run 25 minutes later: api starts failing.
        _harness.Time.Advance(TimeSpan.FromMinutes(25));
        _harness.Set("api", passing: false);
        var scheduled = await RunAsync(deployment: null);
        var api = scheduled.Environments[0].Checks.Single(c => c.Name == "api");

        Assert.Equal("first failed 25 minutes after deploy abc1234 (PR #42)", api.AfterDeploy!.Describe());
        Assert.Null(scheduled.Environments[0].Checks.Single(c => c.Name == "db").AfterDeploy);

        // Still failing an hour on: it is the first failure that counts, still 25 minutes after.
        _harness.Time.Advance(TimeSpan.FromHours(1));
        var later = await RunAsync(deployment: null);
        Assert.Equal(25, later.Environments[0].Checks.Single(c => c.Name == "api").AfterDeploy!.MinutesAfter);

        var console = new StringWriter();
        new ConsoleReportWriter(console, useColor: false).Write(later);
        Assert.Contains("first failed 25 minutes after deploy abc1234 (PR #42)", console.ToString(), StringComparison.Ordinal);
        var json = JsonReportWriter.ToJson(later);
        Assert.Contains("\"afterDeploy\"", json, StringComparison.Ordinal);
        Assert.Contains("\"pullRequest\": 42", json, StringComparison.Ordinal);
        Assert.Contains("\"minutesAfter\": 25", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_that_begins_after_the_window_names_no_deployment()
    {
        _harness.Set("api", passing: true);
        _harness.Set("db", passing: true);
        await RunAsync(Deploy);

        _harness.Time.Advance(TimeSpan.FromHours(3));
        _harness.Set("db", passing: false);
        var report = await RunAsync(deployment: null);

        Assert.Equal(CheckStatus.Fail, report.Environments[0].Checks.Single(c => c.Name == "db").Status);
        Assert.All(report.Environments[0].Checks, c => Assert.Null(c.AfterDeploy));
    }

    [Fact]
    public async Task A_check_already_failing_before_the_deployment_is_not_blamed_on_it()
    {
        _harness.Set("api", passing: false);
        _harness.Set("db", passing: true);
        await RunAsync(deployment: null);

        _harness.Time.Advance(TimeSpan.FromMinutes(10));
        var gate = await RunAsync(Deploy);

        Assert.Null(gate.Environments[0].Checks.Single(c => c.Name == "api").AfterDeploy);
    }

    [Fact]
    public async Task The_latest_of_several_deployments_is_named_and_the_gates_own_failure_is_minute_zero()
    {
        _harness.Set("api", passing: true);
        _harness.Set("db", passing: true);
        await RunAsync(Deploy);
        _harness.Time.Advance(TimeSpan.FromMinutes(30));
        _harness.Set("api", passing: false);

        var second = await RunAsync(new Deployment("fedcba9", "refs/heads/main", null));

        Assert.Equal("first failed 0 minutes after deploy fedcba9", second.Environments[0].Checks.Single(c => c.Name == "api").AfterDeploy!.Describe());
    }

    [Fact]
    public async Task Markers_survive_an_unreadable_file_and_the_store_keeps_a_bounded_list()
    {
        var store = (LocalDirectoryStore)_harness.Store;
        Directory.CreateDirectory(Path.Combine(_harness.Root, "deployments"));
        await File.WriteAllTextAsync(Path.Combine(_harness.Root, "deployments", "default.json"), "{ not json");
        Assert.Empty(await store.ReadDeploymentsAsync("default", DateTimeOffset.MinValue, CancellationToken.None));

        for (var i = 0; i < LocalDirectoryStore.MaxDeployments + 5; i++)
        {
            await store.RecordDeploymentAsync(new DeploymentMarker("default", new Deployment($"sha{i}", null, null), _harness.Time.GetUtcNow().AddMinutes(i)), CancellationToken.None);
        }

        var kept = await store.ReadDeploymentsAsync("default", DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(LocalDirectoryStore.MaxDeployments, kept.Count);
        Assert.Equal($"sha{LocalDirectoryStore.MaxDeployments + 4}", kept[0].Deployment.Sha);
    }

    public void Dispose() => _harness.Dispose();

    private async Task<RunReport> RunAsync(Deployment? deployment)
    {
        var pipeline = _harness.Pipeline();
        var plan = pipeline.Plan(_harness.Config(Yaml), RunFilter.All, stateConfigured: true);
        var result = await pipeline.RunAsync(plan, incidents: null, progress: null, new RunOptions { State = _harness.Store, Deployment = deployment }, CancellationToken.None);
        return result.Report;
    }
}
