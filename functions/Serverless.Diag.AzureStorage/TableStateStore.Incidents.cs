using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Diag.Incidents;
using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>
/// Incident states (and the notifications each still owes) as entities in partition <c>i|&lt;scope key&gt;</c>, one
/// row per fingerprint holding the state as JSON, so every instance follows the same incident lifecycle.
/// </summary>
public sealed partial class TableStateStore : IIncidentStateStore
{
    private const string IncidentStateProperty = "State";

    async Task<IReadOnlyDictionary<string, IncidentState>> IIncidentStateStore.LoadAsync(string scope, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IncidentState>(StringComparer.Ordinal);
        if (fingerprints.Count == 0)
        {
            return found;
        }

        await EnsureTableAsync(cancellationToken);
        var wanted = fingerprints.ToHashSet(StringComparer.Ordinal);
        var rows = _table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(IncidentPartition(scope))}", maxPerPage: 1000, cancellationToken: cancellationToken);
        await foreach (var entity in rows)
        {
            var fingerprint = StoreKeys.Unescape(entity.RowKey);
            if (wanted.Contains(fingerprint) && entity.GetString(IncidentStateProperty) is { } json && IncidentStatesJson.TryRead(json) is { } state)
            {
                found[fingerprint] = state;
            }
        }

        return found;
    }

    async Task IIncidentStateStore.SaveAsync(string scope, IReadOnlyDictionary<string, IncidentState?> states, CancellationToken cancellationToken)
    {
        if (states.Count == 0)
        {
            return;
        }

        await EnsureTableAsync(cancellationToken);
        var partition = IncidentPartition(scope);
        var upserts = states.Where(p => p.Value is not null)
            .Select(p => new TableEntity(partition, StoreKeys.Escape(p.Key)) { [IncidentStateProperty] = JsonSerializer.Serialize(p.Value!, IncidentStatesJson.Default.IncidentState) })
            .ToList();
        foreach (var chunk in upserts.Chunk(BatchLimit))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
        }

        // One at a time: a transaction fails as a whole on a row that is already gone.
        foreach (var (fingerprint, _) in states.Where(p => p.Value is null))
        {
            await _table.DeleteEntityAsync(partition, StoreKeys.Escape(fingerprint), cancellationToken: cancellationToken);
        }
    }

    private static string IncidentPartition(string scope) => "i|" + IncidentStatesJson.ScopeKey(scope);
}
