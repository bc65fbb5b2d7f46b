using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.Servers;

namespace Serverless.Diag.IntegrationTests.State;

/// <summary>
/// Two hosts whose clocks are twenty minutes apart sharing one Azurite table: what is due, and the order of the
/// history, follow the table service's clock (its Date header), never a host's.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableClockSkewTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"diag-skew-{Guid.NewGuid():N}.yaml");

    public void Dispose() => File.Delete(_config);

    private async Task<RunReport> RunOnAsync(TimeProvider host, string state, bool dueOnly)
    {
        var pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), host, NullLoggerFactory.Instance, _ => null);
        var plan = pipeline.Plan(pipeline.LoadConfig(_config), RunFilter.All, stateConfigured: true);
        var result = await pipeline.RunAsync(plan, null, null, new RunOptions { State = TableStores.Open(state), DueOnly = dueOnly }, CancellationToken.None);
        return result.Report;
    }

    /// <summary>A host clock that runs, set off from the true time by a fixed amount.</summary>
    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }

    [AzuriteFact]
    public async Task Hosts_twenty_minutes_apart_agree_on_what_is_due_and_on_the_order_of_runs()
    {
        await File.WriteAllTextAsync(_config, $"""
            version: 1
            checks:
              - name: api
                type: tcp
                host: 127.0.0.1
                port: {FreePort.Next()}
                timeout: 2s
                interval: 5m
                failure_threshold: 10
            """);
        var state = (await azurite.ServerAsync()).ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};";
        var now = TimeProvider.System.GetUtcNow();
        var ahead = new SkewedClock(TimeSpan.FromMinutes(10));
        var behind = new SkewedClock(TimeSpan.FromMinutes(-10));

        // The service's clock reads in whole seconds (the Date header): runs a second and a half apart order surely.
        var byBehind = await RunOnAsync(behind, state, dueOnly: true);
        var byAhead = await RunOnAsync(ahead, state, dueOnly: true);
        await Task.Delay(1500);
        var forcedByAhead = await RunOnAsync(ahead, state, dueOnly: false);
        await Task.Delay(1500);
        var forcedByBehind = await RunOnAsync(behind, state, dueOnly: false);
        var after = TimeProvider.System.GetUtcNow();

        Assert.Single(byBehind.AllChecks);
        Assert.Empty(byAhead.AllChecks);
        var history = await TableStores.Open(state).ReadHistoryAsync("default", "api", DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal([forcedByBehind.State!.RunId, forcedByAhead.State!.RunId, byBehind.State!.RunId], history.Select(h => h.RunId));
        Assert.All(history, h => Assert.InRange(h.Time, now.AddSeconds(-5), after.AddSeconds(5)));
        var stored = (await TableStores.Open(state).LoadAsync("default", CancellationToken.None)).Checks["api"];
        Assert.Equal(3, stored.ConsecutiveFailures);
        Assert.Equal(forcedByBehind.State.RunId, stored.LastRunId);
    }
}
