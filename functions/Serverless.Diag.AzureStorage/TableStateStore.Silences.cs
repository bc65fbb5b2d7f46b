using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Diag.Silences;

namespace Serverless.Diag.AzureStorage;

/// <summary>Silences: one entity each in the <c>silence</c> partition, the silence as a JSON document in one property.</summary>
public sealed partial class TableStateStore : ISilenceStore
{
    private const string SilencePartition = "silence";
    private const string DocumentProperty = "Document";

    public async Task<IReadOnlyList<Silence>> ListSilencesAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var silences = new List<Silence>();
        await foreach (var entity in _table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(SilencePartition)}", cancellationToken: cancellationToken))
        {
            // An unreadable entity silences nothing: a run must not go quiet because of a corrupt row.
            if (Read(entity) is { } silence)
            {
                silences.Add(silence);
            }
        }

        return silences;
    }

    public async Task AddSilenceAsync(Silence silence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(SilencePartition, silence.Id)
        {
            [DocumentProperty] = JsonSerializer.Serialize(SilenceDocument.From(silence), SilenceJson.Default.SilenceDocument),
            ["Environment"] = silence.Environment,
            ["Until"] = silence.Until,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        foreach (var old in await ListSilencesAsync(cancellationToken))
        {
            if (old.Until < now.AddDays(-1))
            {
                await RemoveSilenceAsync(old.Id, cancellationToken);
            }
        }
    }

    public async Task<Silence?> RecordPassesAsync(string id, IReadOnlyCollection<string> checks, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);

        // Read, merge, write with the ETag: an instance that lost the race reads the other's passes and merges again.
        const int rounds = 10;
        for (var round = 1; ; round++)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(SilencePartition, id.ToLowerInvariant(), cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { } entity || Read(entity) is not { } silence)
            {
                return null;
            }

            var passed = silence.Passed.Union(checks, StringComparer.Ordinal).ToList();
            if (passed.Count == silence.Passed.Count)
            {
                return silence;
            }

            var updated = silence with { Passed = passed };
            entity[DocumentProperty] = JsonSerializer.Serialize(SilenceDocument.From(updated), SilenceJson.Default.SilenceDocument);
            try
            {
                await _table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                return updated;
            }
            catch (RequestFailedException e) when (e.Status == 412 && round < rounds)
            {
                // Another instance recorded its passes first: merge on top of them.
            }
        }
    }

    public async Task<bool> RemoveSilenceAsync(string id, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            // The SDK answers a missing entity with a 404 response rather than an exception.
            var response = await _table.DeleteEntityAsync(SilencePartition, id.ToLowerInvariant(), ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private static Silence? Read(TableEntity entity)
    {
        try
        {
            return entity.GetString(DocumentProperty) is { } json ? JsonSerializer.Deserialize(json, SilenceJson.Default.SilenceDocument)?.ToSilence() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
