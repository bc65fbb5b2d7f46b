using System.Globalization;
using System.Text.Json;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.Local;

/// <summary>
/// The state store in a local directory (<c>--state DIR</c>): one JSON file of current states per environment, one
/// history file per run under a folder per day, one file per lease. Writes are atomic (temp file + rename) and every
/// read-modify-write holds a lock file, so two processes sharing the directory never lose each other's writes.
/// </summary>
/// <remarks>
/// The store's clock is the file system's: the modification time the file system gives the lock file when it is
/// written under the lock. Hosts sharing the directory over a network share therefore agree on time (the file
/// server's) even when their own clocks do not; the run orders history and intervals by it.
/// </remarks>
public sealed partial class LocalDirectoryStore : IStateStore
{
    private readonly string _root;
    private readonly TimeProvider? _clock;

    /// <param name="clock">
    /// The store's clock; null (the default, and what the hosts use): the file system's. A clock given here replaces it,
    /// for a directory only one host uses, and for tests that move time by hand.
    /// </param>
    public LocalDirectoryStore(string root, TimeProvider? clock = null)
    {
        _root = Path.GetFullPath(root);
        _clock = clock;
    }

    public string Description => $"directory {_root}";

    /// <summary>Read and write requests made (file reads, file writes, deletes), for the benchmark.</summary>
    public StoreCounters Counters { get; } = new();

    private string LockPath => Path.Combine(_root, ".lock");

    public async Task<StateSnapshot> LoadAsync(string environment, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var file = await ReadStateFileAsync(environment, cancellationToken);
        return new StateSnapshot(file.States, StoreNow(held), file.Warnings);
    }

    public async Task<SaveOutcome> SaveAsync(StateBatch batch, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var conflicts = new List<string>();
        if (batch.Changed.Count > 0)
        {
            var file = await ReadStateFileAsync(batch.Environment, cancellationToken);
            foreach (var state in batch.Changed)
            {
                var current = file.States.GetValueOrDefault(state.Check);
                if (current?.ETag != state.ETag)
                {
                    conflicts.Add(state.Check);
                    continue;
                }

                file.Entries[state.Check] = JsonSerializer.SerializeToElement(
                    StateMapping.ToDocument(state, file.Revisions.GetValueOrDefault(state.Check) + 1), StateJson.Default.StateEntryDocument);
            }

            if (conflicts.Count < batch.Changed.Count)
            {
                await WriteStateFileAsync(batch.Environment, file.Entries, cancellationToken);
            }
        }

        if (batch.History.Count > 0)
        {
            await WriteHistoryAsync(batch, cancellationToken);
        }

        PruneHistory(batch.Environment, batch.PruneBefore);
        return conflicts.Count == 0 ? SaveOutcome.Clean : new SaveOutcome(conflicts);
    }

    public async Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string environment, string? check, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var folder = HistoryFolder(environment);
        var entries = new List<HistoryEntry>();
        if (!Directory.Exists(folder))
        {
            return entries;
        }

        var firstDay = StoreKeys.Day(since);
        foreach (var day in Directory.GetDirectories(folder).Where(d => string.CompareOrdinal(Path.GetFileName(d), firstDay) >= 0))
        {
            foreach (var path in Directory.GetFiles(day, "*.json"))
            {
                var document = await TryReadAsync(path, StateJson.Default.HistoryFileDocument, cancellationToken);
                foreach (var row in document?.Entries ?? [])
                {
                    if ((check is null || row.Check == check) && row.Time >= since && StateMapping.ToEntry(environment, row) is { } entry)
                    {
                        entries.Add(entry);
                    }
                }
            }
        }

        return [.. entries.OrderByDescending(e => e.Time).ThenBy(e => e.Check, StringComparer.Ordinal)];
    }

    public async Task<StoreLease?> TryAcquireLeaseAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var path = LeasePath(name);
        var now = StoreNow(held);
        var current = await TryReadAsync(path, StateJson.Default.LeaseDocument, cancellationToken);
        if (current is not null && current.Owner != owner && current.ExpiresAt > now)
        {
            return null;
        }

        var lease = new LeaseDocument { Owner = owner, ExpiresAt = now + duration };
        await AtomicFile.WriteAsync(path, s => JsonSerializer.SerializeAsync(s, lease, StateJson.Default.LeaseDocument, cancellationToken), cancellationToken);
        Counters.Writes++;
        return new DirectoryLease(this, name, owner);
    }

    private async Task ReleaseLeaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var path = LeasePath(name);
        if (await TryReadAsync(path, StateJson.Default.LeaseDocument, cancellationToken) is { } current && current.Owner == owner)
        {
            AtomicFile.TryDelete(path);
        }
    }

    private async Task<StateFile> ReadStateFileAsync(string environment, CancellationToken cancellationToken)
    {
        var path = StatePath(environment);
        var file = new StateFile();
        if (!File.Exists(path))
        {
            return file;
        }

        Counters.Reads++;
        StateFileDocument? document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonSerializer.DeserializeAsync(stream, StateJson.Default.StateFileDocument, cancellationToken);
        }
        catch (JsonException e)
        {
            file.Warnings.Add($"state file {path} is not valid JSON ({e.Message}); the state of environment '{environment}' was reset");
            return file;
        }

        if (document is null || document.Version != StateJson.CurrentVersion)
        {
            file.Warnings.Add($"state file {path} has version {document?.Version.ToString(CultureInfo.InvariantCulture) ?? "null"}, not {StateJson.CurrentVersion}; the state of environment '{environment}' was reset");
            return file;
        }

        foreach (var (check, element) in document.Checks ?? [])
        {
            file.Entries[check] = element;
            StateEntryDocument? entry = null;
            string? problem;
            try
            {
                entry = element.Deserialize(StateJson.Default.StateEntryDocument);
                problem = entry is null ? "null entry" : null;
            }
            catch (JsonException e)
            {
                problem = e.Message;
            }

            var state = entry is null ? null : StateMapping.ToState(environment, check, entry, Revision(entry.Revision), out problem);
            if (state is null)
            {
                // Keep the token: the next write replaces the bad entry instead of conflicting with it.
                file.Warnings.Add($"state of check '{check}' in {path} is unreadable ({problem}); it was reset");
                file.States[check] = CheckState.Empty(environment, check, "unreadable");
                file.Revisions[check] = 0;
                continue;
            }

            file.States[check] = state;
            file.Revisions[check] = entry!.Revision;
        }

        return file;
    }

    private async Task WriteStateFileAsync(string environment, Dictionary<string, JsonElement> entries, CancellationToken cancellationToken)
    {
        var document = new StateFileDocument { Version = StateJson.CurrentVersion, Checks = entries };
        await AtomicFile.WriteAsync(StatePath(environment), s => JsonSerializer.SerializeAsync(s, document, StateJson.Default.StateFileDocument, cancellationToken), cancellationToken);
        Counters.Writes++;
    }

    private async Task WriteHistoryAsync(StateBatch batch, CancellationToken cancellationToken)
    {
        foreach (var day in batch.History.GroupBy(h => StoreKeys.Day(h.Time)))
        {
            var first = day.First();
            var document = new HistoryFileDocument { Version = StateJson.CurrentVersion, Entries = [.. day.Select(StateMapping.ToDocument)] };
            var name = $"{first.Time.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{StoreKeys.Escape(first.RunId)}.json";
            var path = Path.Combine(HistoryFolder(batch.Environment), day.Key, name);
            await AtomicFile.WriteAsync(path, s => JsonSerializer.SerializeAsync(s, document, StateJson.Default.HistoryFileDocument, cancellationToken), cancellationToken);
            Counters.Writes++;
        }
    }

    /// <summary>Retention, a day at a time: a day folder goes once the whole day is older than the cut-off.</summary>
    private void PruneHistory(string environment, DateTimeOffset before)
    {
        var folder = HistoryFolder(environment);
        if (!Directory.Exists(folder))
        {
            return;
        }

        var keepFrom = StoreKeys.Day(before);
        foreach (var day in Directory.GetDirectories(folder).Where(d => string.CompareOrdinal(Path.GetFileName(d), keepFrom) < 0))
        {
            Directory.Delete(day, recursive: true);
            Counters.Deletes++;
        }
    }

    private static async Task<T?> TryReadAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The store's time, read while the lock is held.</summary>
    private DateTimeOffset StoreNow(DirectoryLock held) => _clock?.GetUtcNow() ?? held.Stamp();

    private static string Revision(long revision) => "r" + revision.ToString(CultureInfo.InvariantCulture);

    private string StatePath(string environment) => Path.Combine(_root, "state", StoreKeys.Escape(environment) + ".json");

    private string HistoryFolder(string environment) => Path.Combine(_root, "history", StoreKeys.Escape(environment));

    private string LeasePath(string name) => Path.Combine(_root, "leases", StoreKeys.Escape(name) + ".json");

    private sealed class StateFile
    {
        public Dictionary<string, JsonElement> Entries { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, CheckState> States { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Revisions { get; } = new(StringComparer.Ordinal);

        public List<string> Warnings { get; } = [];
    }

    private sealed class DirectoryLease(LocalDirectoryStore store, string name, string owner) : StoreLease
    {
        public override string Name => name;

        public override Task ReleaseAsync(CancellationToken cancellationToken) => store.ReleaseLeaseAsync(name, owner, cancellationToken);
    }
}
