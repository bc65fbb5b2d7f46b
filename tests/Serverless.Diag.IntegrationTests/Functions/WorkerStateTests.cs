using System.Net;
using Microsoft.Extensions.Logging;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.FunctionsHost;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// The published isolated worker with DIAG_STATE, driven over the host's protocol: the timer runs only what is due,
/// thresholds hold incidents back across invocations, and two workers filing at once open one issue.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class WorkerStateTests(PackagedApp package) : IAsyncLifetime
{
    private const string Token = "ghs_workerStateToken0123456789abcdef";
    private readonly string _state = Directory.CreateTempSubdirectory("diag-worker-state-").FullName;
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHubServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    private Dictionary<string, string?> Settings(string? state) => new()
    {
        ["GITHUB_TOKEN"] = Token,
        ["GITHUB_REPOSITORY"] = _github.Repository,
        ["GITHUB_API_URL"] = _github.BaseUrl,
        ["DIAG_STATE"] = state,
    };

    private static string Config(RendezvousTarget target) => $$"""
        version: 1
        environments:
          prod:
            vars: { base: "{{target.BaseUrl}}" }
        checks:
          - name: every-tick
            type: http
            url: ${base}/every
            timeout: 90s
            failure_threshold: 2
            expect: [status == 200]
          - name: hourly
            type: http
            url: ${base}/hourly
            timeout: 90s
            interval: 1h
            expect: [status == 200]
        """;

    [Fact]
    public async Task The_timer_runs_only_due_checks_and_a_threshold_holds_the_incident_until_the_second_failing_tick()
    {
        await using var target = await RendezvousTarget.StartAsync(parties: 1);
        await using var worker = await PublishedWorker.StartAsync(package, Config(target), Settings(_state));

        var first = await worker.TimerAsync(TimerPayloads.FirstRun(new DateTime(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc)));
        var afterFirst = _github.Issues.Select(i => i.Title).ToList();
        var second = await worker.TimerAsync();
        var (response, _) = await worker.DiagnoseAsync("/api/diagnose?env=prod");

        Assert.True(first.Succeeded, first.FailureMessage);
        Assert.True(second.Succeeded, second.FailureMessage);
        var hourlyIssue = Assert.Single(afterFirst);
        Assert.Contains("hourly", hourlyIssue, StringComparison.Ordinal);
        Assert.Equal(2, _github.OpenIssues.Count);
        Assert.Contains(_github.OpenIssues, i => i.Title.Contains("every-tick", StringComparison.Ordinal));
        Assert.Contains(second.Logs, l => l.Level == LogLevel.Information && l.Message.StartsWith("Diagnosis (timer", StringComparison.Ordinal) && l.Message.Contains("1 check(s)", StringComparison.Ordinal) && l.Message.Contains("1 not due", StringComparison.Ordinal));

        // On demand runs everything, due or not.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, target.Requests("/every"));
        Assert.Equal(2, target.Requests("/hourly"));
        var history = await new LocalDirectoryStore(_state).ReadHistoryAsync("prod", null, DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(5, history.Count);
    }

    [Fact]
    public async Task Two_workers_sharing_the_state_store_whose_timers_fire_at_once_open_one_issue()
    {
        await using var target = await RendezvousTarget.StartAsync(parties: 2);
        var config = Config(target).Replace("failure_threshold: 2", "failure_threshold: 1", StringComparison.Ordinal);
        await using var a = await PublishedWorker.StartAsync(package, config, Settings(_state));
        await using var b = await PublishedWorker.StartAsync(package, config, Settings(_state));

        var runs = await Task.WhenAll(a.TimerAsync(), b.TimerAsync());

        Assert.All(runs, run => Assert.True(run.Succeeded, run.FailureMessage));
        Assert.Equal(2, target.Requests("/hourly"));
        Assert.Equal(2, _github.Issues.Count);
        Assert.Equal(2, _github.Requests.Count(r => r.IsCreateIssue));
        Assert.Equal(["every-tick", "hourly"], _github.Issues.Select(i => i.Title.Contains("every-tick", StringComparison.Ordinal) ? "every-tick" : "hourly").Order(StringComparer.Ordinal));
        var state = await new LocalDirectoryStore(_state).LoadAsync("prod", CancellationToken.None);
        Assert.Equal(1, state.Checks["hourly"].ConsecutiveFailures);
        Assert.Equal(4, (await new LocalDirectoryStore(_state).ReadHistoryAsync("prod", null, DateTimeOffset.MinValue, CancellationToken.None)).Count);
    }

    [AzuriteFact]
    public async Task With_an_Azurite_connection_string_in_DIAG_STATE_the_timer_remembers_and_never_shows_the_key()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var target = await RendezvousTarget.StartAsync(parties: 1);
        var table = AzuriteFixture.UniqueTableName();
        var state = azurite.ConnectionString + $"TableName={table};";
        await using var worker = await PublishedWorker.StartAsync(package, Config(target), Settings(state));

        var first = await worker.TimerAsync();
        var second = await worker.TimerAsync();

        Assert.True(first.Succeeded, first.FailureMessage);
        Assert.True(second.Succeeded, second.FailureMessage);
        Assert.Equal(1, target.Requests("/hourly"));
        var store = TableStores.Open(state);
        var snapshot = await store.LoadAsync("prod", CancellationToken.None);
        Assert.Equal(2, snapshot.Checks["every-tick"].ConsecutiveFailures);
        Assert.Equal(3, (await store.ReadHistoryAsync("prod", null, DateTimeOffset.MinValue, CancellationToken.None)).Count);
        Assert.DoesNotContain(worker.Host.Logs, l => l.Message.Contains(AzuriteServer.AccountKey, StringComparison.Ordinal));
        Assert.DoesNotContain(AzuriteServer.AccountKey, worker.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_threshold_without_DIAG_STATE_is_a_failed_timer_invocation_naming_the_setting()
    {
        await using var target = await RendezvousTarget.StartAsync(parties: 1);
        await using var worker = await PublishedWorker.StartAsync(package, Config(target), Settings(state: null));

        var run = await worker.TimerAsync();

        Assert.False(run.Succeeded);
        Assert.Contains("DIAG_STATE", run.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(0, target.Requests("/every"));
    }
}
