using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Diag.State;
using Serverless.Diag.State.Deployments;

namespace Serverless.Diag.AzureStorage;

/// <summary>
/// Deployment markers: partition <c>d|&lt;env&gt;</c>, row key the inverted ticks of the marker's time (newest first), the
/// marker as a JSON document in one property.
/// </summary>
public sealed partial class TableStateStore : IDeploymentStore
{
    public async Task RecordDeploymentAsync(DeploymentMarker marker, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(DeploymentPartition(marker.Environment), StoreKeys.InvertedTicks(marker.Time))
        {
            [DocumentProperty] = JsonSerializer.Serialize(DeploymentDocument.From(marker), DeploymentJson.Default.DeploymentDocument),
            ["Sha"] = marker.Deployment.Sha,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<DeploymentMarker>> ReadDeploymentsAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var partition = DeploymentPartition(environment);
        // Newer markers have smaller row keys: everything up to the inverted ticks of 'since'.
        var filter = $"PartitionKey eq {TableKeys.Quote(partition)} and RowKey le {TableKeys.Quote(StoreKeys.InvertedTicks(since))}";
        var markers = new List<DeploymentMarker>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (ReadDeployment(entity, environment) is { } marker)
            {
                markers.Add(marker);
            }
        }

        return [.. markers.OrderByDescending(m => m.Time)];
    }

    private static string DeploymentPartition(string environment) => "d|" + StoreKeys.Escape(environment);

    // An unreadable entity marks nothing: an incident then simply names no deployment.
    private static DeploymentMarker? ReadDeployment(TableEntity entity, string environment)
    {
        try
        {
            return entity.GetString(DocumentProperty) is { } json ? JsonSerializer.Deserialize(json, DeploymentJson.Default.DeploymentDocument)?.ToMarker(environment) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
