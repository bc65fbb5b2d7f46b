using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>Retention and leases: the parts of the table store that are not a run's own state.</summary>
public sealed partial class TableStateStore
{
    public async Task<StoreLease?> TryAcquireLeaseAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = TableKeys.LeaseRow(name);
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.LeasePartition, row, cancellationToken: cancellationToken);
        var storeNow = existing.GetRawResponse().Headers.Date ?? throw new InvalidOperationException("the table service sent no Date header");
        var lease = new TableEntity(TableKeys.LeasePartition, row) { ["Owner"] = owner, ["ExpiresAt"] = storeNow + duration };
        try
        {
            if (!existing.HasValue)
            {
                await _table.AddEntityAsync(lease, cancellationToken);
            }
            else
            {
                var current = existing.Value!;
                if (current.GetString("Owner") != owner && current.GetDateTimeOffset("ExpiresAt") is { } expires && expires > storeNow)
                {
                    return null;
                }

                await _table.UpdateEntityAsync(lease, current.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance took it between our read and our write.
            return null;
        }

        return new TableLease(this, name, owner);
    }

    private async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.LeasePartition, TableKeys.LeaseRow(name), cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("Owner") == owner)
        {
            try
            {
                await _table.DeleteEntityAsync(existing.Value, existing.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Already expired and taken, or gone: nothing of ours to release.
            }
        }
    }

    private async Task<DateTimeOffset> StoreNowAsync(CancellationToken cancellationToken)
    {
        var probe = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.LeasePartition, "!clock", cancellationToken: cancellationToken);
        return probe.GetRawResponse().Headers.Date ?? throw new InvalidOperationException("the table service sent no Date header");
    }

    /// <summary>
    /// Retention, a day partition at a time. The state partition remembers the oldest day stored (read with the states,
    /// so a run that prunes nothing pays nothing); days before the cut-off are deleted in batches, a few per run.
    /// </summary>
    private async Task PruneAsync(StateBatch batch, CancellationToken cancellationToken)
    {
        var keepFrom = StoreKeys.Day(batch.PruneBefore);
        var meta = _meta.GetValueOrDefault(batch.Environment);
        var oldestWritten = batch.History.Count > 0 ? batch.History.Min(h => StoreKeys.Day(h.Time)) : null;
        if (meta?.OldestDay is null)
        {
            if (oldestWritten is not null)
            {
                await WriteMetaAsync(batch.Environment, oldestWritten, meta?.ETag, cancellationToken);
            }

            return;
        }

        var day = DateTime.ParseExact(meta.OldestDay, "yyyyMMdd", CultureInfo.InvariantCulture);
        var deleted = 0;
        while (string.CompareOrdinal(DayOf(day), keepFrom) < 0 && deleted < PruneDaysPerRun)
        {
            await DeletePartitionAsync(TableKeys.HistoryPartition(batch.Environment, DayOf(day)), cancellationToken);
            day = day.AddDays(1);
            deleted++;
        }

        if (deleted > 0)
        {
            await WriteMetaAsync(batch.Environment, DayOf(day), meta.ETag, cancellationToken);
        }
    }

    private async Task WriteMetaAsync(string environment, string oldestDay, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(TableKeys.StatePartition(environment), TableKeys.HistoryMetaRow) { ["OldestDay"] = oldestDay };
        try
        {
            var response = etag is { } tag
                ? await _table.UpdateEntityAsync(entity, tag, TableUpdateMode.Replace, cancellationToken)
                : await _table.AddEntityAsync(entity, cancellationToken);
            _meta[environment] = new HistoryMeta(oldestDay, response.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another instance pruned or recorded it first; its record is as good as ours.
            _meta.TryRemove(environment, out _);
        }
    }

    private async Task DeletePartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var keys = new List<TableEntity>();
        await foreach (var entity in _table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(partition)}", maxPerPage: 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(entity);
        }

        foreach (var chunk in keys.Chunk(BatchLimit))
        {
            await _table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        }
    }

    private sealed class TableLease(TableStateStore store, string name, string owner) : StoreLease
    {
        public override string Name => name;

        public override Task ReleaseAsync(CancellationToken cancellationToken) => store.ReleaseLeaseAsync(name, owner, cancellationToken);
    }
}
