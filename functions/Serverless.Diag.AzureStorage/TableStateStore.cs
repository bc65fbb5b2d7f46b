using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Diag.State;

namespace Serverless.Diag.AzureStorage;

/// <summary>
/// The state store in Azure Table Storage. Current states are entities updated with their ETag (optimistic
/// concurrency: a writer that lost the race is told and re-applies its run on top); a run's writes go in batch
/// transactions of up to 100 per partition; history rows are keyed recent-first; leases are ETag-guarded entities.
/// Every time that orders anything is on the service's clock (the Date header), not the host's.
/// </summary>
public sealed partial class TableStateStore : IStateStore
{
    public const string DefaultTableName = "diagstate";

    // A table transaction holds at most 100 operations, all in one partition.
    private const int BatchLimit = 100;

    // Bounds the deletion work one run does: a store that missed many days catches up over several runs.
    private const int PruneDaysPerRun = 3;

    private readonly TableClient _table;
    private readonly ConcurrentDictionary<string, HistoryMeta> _meta = new(StringComparer.Ordinal);
    private Task? _creation;

    // QueryAsync<TableEntity> creates each row with Activator.CreateInstance: the dependency keeps TableEntity's
    // constructors in the trimmed Native AOT command line (AotStateStoreTests runs the store there against Azurite).
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(TableEntity))]
    internal TableStateStore(TableClient table, string description, StoreCounters counters)
    {
        _table = table;
        Description = description;
        Counters = counters;
    }

    public string Description { get; }

    /// <summary>Requests sent to the service (retries included), for the benchmark.</summary>
    public StoreCounters Counters { get; }

    public async Task<StateSnapshot> LoadAsync(string environment, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var partition = TableKeys.StatePartition(environment);
        var states = new Dictionary<string, CheckState>(StringComparer.Ordinal);
        var warnings = new List<string>();
        DateTimeOffset? storeTime = null;
        var pages = _table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Quote(partition)}", maxPerPage: 1000, cancellationToken: cancellationToken);
        await foreach (var page in pages.AsPages())
        {
            storeTime ??= page.GetRawResponse().Headers.Date;
            foreach (var entity in page.Values)
            {
                if (entity.RowKey == TableKeys.HistoryMetaRow)
                {
                    _meta[environment] = HistoryMeta.From(entity);
                    continue;
                }

                var state = TableEntities.ToState(environment, entity, out var problem);
                var check = state?.Check ?? StoreKeys.Unescape(entity.RowKey);
                if (state is null)
                {
                    warnings.Add($"state entity {_table.Name}(PartitionKey='{partition}', RowKey='{entity.RowKey}') is unreadable ({problem}); check '{check}' was reset");
                    states[check] = CheckState.Empty(environment, check, entity.ETag.ToString());
                    continue;
                }

                states[check] = state;
            }
        }

        return new StateSnapshot(states, storeTime ?? throw new InvalidOperationException("the table service sent no Date header"), warnings);
    }

    public async Task<SaveOutcome> SaveAsync(StateBatch batch, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var conflicts = new List<string>();
        var actions = batch.Changed.Select(state => (state.Check, Action: StateAction(state))).ToList();
        foreach (var chunk in actions.Chunk(BatchLimit))
        {
            conflicts.AddRange(await SubmitGuardedAsync([.. chunk], cancellationToken));
        }

        foreach (var day in batch.History.GroupBy(h => TableKeys.HistoryPartition(h.Environment, StoreKeys.Day(h.Time))))
        {
            foreach (var chunk in day.Chunk(BatchLimit))
            {
                // Upserts: a batch retried after a timeout writes the same rows again, harmlessly.
                await _table.SubmitTransactionAsync(chunk.Select(h => new TableTransactionAction(TableTransactionActionType.UpsertReplace, TableEntities.FromHistory(h))), cancellationToken);
            }
        }

        await PruneAsync(batch, cancellationToken);
        return conflicts.Count == 0 ? SaveOutcome.Clean : new SaveOutcome(conflicts);
    }

    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string environment, string? check, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var entries = new List<HistoryEntry>();
        var storeNow = await StoreNowAsync(cancellationToken);

        // One query per day partition: start at the oldest day still stored, not at whatever 'since' says
        // (DateTimeOffset.MinValue would be 740,000 queries).
        var oldest = await OldestHistoryDayAsync(environment, cancellationToken);
        if (oldest is null)
        {
            return entries;
        }

        var first = since.UtcDateTime.Date > oldest.Value ? since.UtcDateTime.Date : oldest.Value;
        for (var day = first; day <= storeNow.UtcDateTime.Date.AddDays(1); day = day.AddDays(1))
        {
            var partition = TableKeys.HistoryPartition(environment, StoreKeys.Day(new DateTimeOffset(day, TimeSpan.Zero)));
            var filter = $"PartitionKey eq {TableKeys.Quote(partition)}";
            if (check is not null)
            {
                var (from, to) = TableKeys.HistoryRowRange(check);
                filter += $" and RowKey ge {TableKeys.Quote(from)} and RowKey lt {TableKeys.Quote(to)}";
            }

            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                if (TableEntities.ToHistory(environment, entity) is { } entry && entry.Time >= since)
                {
                    entries.Add(entry);
                }
            }
        }

        return [.. entries.OrderByDescending(e => e.Time).ThenBy(e => e.Check, StringComparer.Ordinal)];
    }

    /// <summary>The oldest history day the environment's state partition records; null when no history was ever written.</summary>
    private async Task<DateTime?> OldestHistoryDayAsync(string environment, CancellationToken cancellationToken)
    {
        var meta = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.StatePartition(environment), TableKeys.HistoryMetaRow, cancellationToken: cancellationToken);
        return meta.HasValue && meta.Value!.GetString("OldestDay") is { } day
            && DateTime.TryParseExact(day, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.Date
            : null;
    }

    private static TableTransactionAction StateAction(CheckState state) => state.ETag is null
        ? new TableTransactionAction(TableTransactionActionType.Add, TableEntities.FromState(state))
        : new TableTransactionAction(TableTransactionActionType.UpdateReplace, TableEntities.FromState(state), new ETag(state.ETag));

    /// <summary>
    /// Submits one partition's guarded writes. A transaction is all or nothing: when one write lost its race (409 on
    /// add, 412 on update) that write is taken out as a conflict and the rest is submitted again.
    /// </summary>
    private async Task<List<string>> SubmitGuardedAsync(List<(string Check, TableTransactionAction Action)> actions, CancellationToken cancellationToken)
    {
        var conflicts = new List<string>();
        while (actions.Count > 0)
        {
            try
            {
                await _table.SubmitTransactionAsync(actions.Select(a => a.Action), cancellationToken);
                return conflicts;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && e.FailedTransactionActionIndex is { } index && index < actions.Count)
            {
                conflicts.Add(actions[index].Check);
                actions.RemoveAt(index);
            }
        }

        return conflicts;
    }

    /// <summary>Creates the table on first use, once per store; a failed attempt is tried again by the next call.</summary>
    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var creation = Volatile.Read(ref _creation);
        if (creation is null)
        {
            Task created = CreateTableAsync();
            creation = Interlocked.CompareExchange(ref _creation, created, null) ?? created;
        }

        try
        {
            await creation.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creation.IsFaulted || creation.IsCanceled)
        {
            _ = Interlocked.CompareExchange(ref _creation, null, creation);
            throw;
        }
    }

    /// <summary>
    /// Creates the table, or finds it there (409). Not CreateIfNotExistsAsync: that one writes its request body with
    /// reflection-based JSON, which the Native AOT command line does not carry; CreateAsync sends the SDK's own model.
    /// </summary>
    private async Task CreateTableAsync()
    {
        try
        {
            await _table.CreateAsync(CancellationToken.None);
        }
        catch (RequestFailedException e) when (e.Status == 409 && e.ErrorCode != "TableBeingDeleted")
        {
            // Already there: the usual case after the first run.
        }
    }

    private sealed record HistoryMeta(string? OldestDay, ETag ETag)
    {
        public static HistoryMeta From(TableEntity entity) => new(entity.GetString("OldestDay"), entity.ETag);
    }

    private static string DayOf(DateTime day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
