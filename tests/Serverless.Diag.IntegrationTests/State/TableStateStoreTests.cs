using Serverless.Diag.AzureStorage;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;
using Serverless.Diag.TestKit.Azurite;

namespace Serverless.Diag.IntegrationTests.State;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>The table store against a real Azurite: ETag concurrency, batches, history, leases, corrupt entities.</summary>
[Collection(AzuriteCollection.Name)]
public class TableStateStoreTests(AzuriteFixture azurite)
{
    private async Task<TableStateStore> OpenAsync(string table) =>
        TableStores.Open((await azurite.ServerAsync()).ConnectionString + $"TableName={table};");

    private static CheckState Failing(CheckState prior, DateTimeOffset now) => StateTransition.Next(prior, CheckStatus.Fail, now, "run", 1000, 2, tracksRuns: true);

    [AzuriteFact]
    public async Task Two_instances_writing_the_same_check_never_lose_an_update()
    {
        var table = AzuriteFixture.UniqueTableName();
        var a = await OpenAsync(table);
        var b = await OpenAsync(table);
        var now = TimeProvider.System.GetUtcNow();
        await a.SaveAsync(new StateBatch("prod", [Failing(CheckState.Empty("prod", "api"), now)], [], now.AddDays(-30)), CancellationToken.None);

        var seenByA = (await a.LoadAsync("prod", CancellationToken.None)).Checks["api"];
        var seenByB = (await b.LoadAsync("prod", CancellationToken.None)).Checks["api"];
        var first = await a.SaveAsync(new StateBatch("prod", [Failing(seenByA, now)], [], now.AddDays(-30)), CancellationToken.None);
        var second = await b.SaveAsync(new StateBatch("prod", [Failing(seenByB, now)], [], now.AddDays(-30)), CancellationToken.None);

        Assert.Empty(first.Conflicts);
        Assert.Equal(["api"], second.Conflicts);
        var reloaded = (await b.LoadAsync("prod", CancellationToken.None)).Checks["api"];
        await b.SaveAsync(new StateBatch("prod", [Failing(reloaded, now)], [], now.AddDays(-30)), CancellationToken.None);
        Assert.Equal(3, (await a.LoadAsync("prod", CancellationToken.None)).Checks["api"].ConsecutiveFailures);
    }

    [AzuriteFact]
    public async Task A_run_of_250_changed_checks_goes_in_batches_of_100_and_history_reads_back_newest_first()
    {
        var store = await OpenAsync(AzuriteFixture.UniqueTableName());
        var now = TimeProvider.System.GetUtcNow();
        await store.LoadAsync("prod", CancellationToken.None);
        var states = Enumerable.Range(0, 250).Select(i => Failing(CheckState.Empty("prod", $"c{i}"), now)).ToList();
        var history = states.Select(s => new HistoryEntry { Environment = "prod", Check = s.Check, Time = now, RunId = "r1", Status = CheckStatus.Fail, FailedAssertions = ["status == 200"], Measurements = new Dictionary<string, double> { ["latency"] = 12 } }).ToList();
        var before = store.Counters.Writes;

        await store.SaveAsync(new StateBatch("prod", states, history, now.AddDays(-30)), CancellationToken.None);

        // 3 state batches, 3 history batches, 1 record of the oldest history day.
        Assert.Equal(7, store.Counters.Writes - before);
        Assert.Equal(250, (await store.LoadAsync("prod", CancellationToken.None)).Checks.Count);
        await store.SaveAsync(new StateBatch("prod", [], [history[0] with { Time = now.AddSeconds(5), RunId = "r2", Status = CheckStatus.Pass, FailedAssertions = [] }], now.AddDays(-30)), CancellationToken.None);
        var rows = await store.ReadHistoryAsync("prod", "c0", now.AddMinutes(-1), CancellationToken.None);
        Assert.Equal(["r2", "r1"], rows.Select(r => r.RunId));
        Assert.Equal(12, rows[1].Measurements["latency"]);
        Assert.Equal(["status == 200"], rows[1].FailedAssertions);
    }

    [AzuriteFact]
    public async Task A_lease_is_held_by_one_owner_at_a_time()
    {
        var table = AzuriteFixture.UniqueTableName();
        var a = await OpenAsync(table);
        var b = await OpenAsync(table);

        var held = await a.TryAcquireLeaseAsync("incidents|prod", "a", TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await b.TryAcquireLeaseAsync("incidents|prod", "b", TimeSpan.FromMinutes(5), CancellationToken.None));
        await held!.DisposeAsync();
        Assert.NotNull(await b.TryAcquireLeaseAsync("incidents|prod", "b", TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    public static TheoryData<string, object, object, string> HandEdited => new()
    {
        { "wrong types", 1, "many", "wrong types" },
        { "unknown version", 99, 2, "unknown version 99" },
        { "unknown status", 1, 2, "unknown status 'exploded'" },
    };

    [AzuriteTheory]
    [MemberData(nameof(HandEdited))]
    public async Task A_hand_edited_entity_is_reset_with_a_warning_naming_it(string edit, object version, object failures, string expected)
    {
        var table = AzuriteFixture.UniqueTableName();
        var store = await OpenAsync(table);
        await store.LoadAsync("prod", CancellationToken.None);
        var client = new Azure.Data.Tables.TableClient((await azurite.ServerAsync()).ConnectionString, table);
        await client.AddEntityAsync(new Azure.Data.Tables.TableEntity("s|prod", "api") { ["V"] = version, ["Failures"] = failures, ["Status"] = edit == "unknown status" ? "exploded" : "fail" });
        await client.AddEntityAsync(new Azure.Data.Tables.TableEntity("s|prod", "db") { ["V"] = 1, ["Failures"] = 1, ["Status"] = "fail" });

        var snapshot = await store.LoadAsync("prod", CancellationToken.None);

        Assert.Equal(1, snapshot.Checks["db"].ConsecutiveFailures);
        Assert.Contains(snapshot.Warnings, w => w.Contains($"{table}(PartitionKey='s|prod', RowKey='api')", StringComparison.Ordinal) && w.Contains(expected, StringComparison.Ordinal) && w.Contains("reset", StringComparison.Ordinal));
        var reset = snapshot.Checks["api"];
        Assert.Null(reset.Status);
        var outcome = await store.SaveAsync(new StateBatch("prod", [Failing(reset, TimeProvider.System.GetUtcNow())], [], TimeProvider.System.GetUtcNow().AddDays(-30)), CancellationToken.None);
        Assert.Empty(outcome.Conflicts);
        Assert.Empty((await store.LoadAsync("prod", CancellationToken.None)).Warnings);
    }
}

/// <summary>The table store's history over days: retention deletes whole days, and reading starts at the oldest day kept.</summary>
[Collection(AzuriteCollection.Name)]
public class TableHistoryTests(AzuriteFixture azurite)
{
    private static HistoryEntry Row(string check, DateTimeOffset time, string run) =>
        new() { Environment = "prod", Check = check, Time = time, RunId = run, Status = CheckStatus.Pass };

    [AzuriteFact]
    public async Task History_older_than_the_retention_is_deleted_a_day_at_a_time_as_runs_save()
    {
        var store = TableStores.Open((await azurite.ServerAsync()).ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};");
        var now = TimeProvider.System.GetUtcNow();
        await store.LoadAsync("prod", CancellationToken.None);
        await store.SaveAsync(new StateBatch("prod", [], [Row("api", now.AddDays(-32), "r1"), Row("api", now.AddDays(-31), "r2")], now.AddDays(-60)), CancellationToken.None);
        Assert.Equal(2, (await store.ReadHistoryAsync("prod", null, DateTimeOffset.MinValue, CancellationToken.None)).Count);

        await store.LoadAsync("prod", CancellationToken.None);
        await store.SaveAsync(new StateBatch("prod", [], [Row("api", now, "r3")], now.AddDays(-30)), CancellationToken.None);

        var kept = await store.ReadHistoryAsync("prod", null, DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(["r3"], kept.Select(r => r.RunId));
    }
}
