using Azure.Data.Tables;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.State.Deployments;
using Serverless.Diag.TestKit.Azurite;

namespace Serverless.Diag.IntegrationTests.State;

/// <summary>Deployment markers in Azure Table Storage, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public class TableDeploymentMarkerTests(AzuriteFixture azurite)
{
    [AzuriteFact]
    public async Task Markers_read_back_newest_first_from_a_time_on_and_a_damaged_one_marks_nothing()
    {
        var table = AzuriteFixture.UniqueTableName();
        var connection = (await azurite.ServerAsync()).ConnectionString;
        var store = TableStores.Open(connection + $"TableName={table};");
        var t0 = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        await store.RecordDeploymentAsync(new DeploymentMarker("prod", new Deployment("aaa1111", "refs/heads/main", null), t0), CancellationToken.None);
        await store.RecordDeploymentAsync(new DeploymentMarker("prod", new Deployment("bbb2222", "refs/pull/7/merge", 7), t0.AddHours(1)), CancellationToken.None);
        await store.RecordDeploymentAsync(new DeploymentMarker("staging", new Deployment("ccc3333", null, null), t0.AddHours(2)), CancellationToken.None);

        var all = await store.ReadDeploymentsAsync("prod", t0.AddMinutes(-1), CancellationToken.None);
        Assert.Equal(["bbb2222", "aaa1111"], all.Select(m => m.Deployment.Sha));
        Assert.Equal((7, "refs/pull/7/merge", t0.AddHours(1)), (all[0].Deployment.PullRequest!.Value, all[0].Deployment.Ref, all[0].Time));

        var recent = await store.ReadDeploymentsAsync("prod", t0.AddMinutes(30), CancellationToken.None);
        Assert.Equal(["bbb2222"], recent.Select(m => m.Deployment.Sha));

        var client = new TableClient(connection, table);
        await client.UpsertEntityAsync(new TableEntity("d|prod", Serverless.Diag.State.StoreKeys.InvertedTicks(t0.AddHours(3))) { ["Document"] = "{ not json" });
        Assert.Equal(2, (await store.ReadDeploymentsAsync("prod", t0.AddMinutes(-1), CancellationToken.None)).Count);
    }
}
