using System.Text.Json;
using Serverless.Diag.Incidents;

namespace Serverless.Diag.State.Local;

/// <summary>
/// Incident states (and the notifications each still owes) in <c>incidents/&lt;scope key&gt;.json</c>, read and
/// written under the directory lock like the check states, so the incident lifecycle survives the process.
/// </summary>
public sealed partial class LocalDirectoryStore : IIncidentStateStore
{
    async Task<IReadOnlyDictionary<string, IncidentState>> IIncidentStateStore.LoadAsync(string scope, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var entries = await ReadIncidentsAsync(scope, cancellationToken);
        var found = new Dictionary<string, IncidentState>(StringComparer.Ordinal);
        foreach (var fingerprint in fingerprints)
        {
            if (entries.TryGetValue(fingerprint, out var element) && IncidentStatesJson.TryRead(element) is { } state)
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

        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var entries = await ReadIncidentsAsync(scope, cancellationToken);
        foreach (var (fingerprint, state) in states)
        {
            if (state is null)
            {
                entries.Remove(fingerprint);
            }
            else
            {
                entries[fingerprint] = JsonSerializer.SerializeToElement(state, IncidentStatesJson.Default.IncidentState);
            }
        }

        var document = new IncidentStatesDocument { Version = IncidentStatesJson.CurrentVersion, Scope = scope, Incidents = entries };
        await AtomicFile.WriteAsync(IncidentsPath(scope), s => JsonSerializer.SerializeAsync(s, document, IncidentStatesJson.Default.IncidentStatesDocument, cancellationToken), cancellationToken);
        Counters.Writes++;
    }

    /// <summary>An unreadable file or version starts empty: the incidents open again rather than the run failing.</summary>
    private async Task<Dictionary<string, JsonElement>> ReadIncidentsAsync(string scope, CancellationToken cancellationToken)
    {
        var path = IncidentsPath(scope);
        if (!File.Exists(path))
        {
            return new(StringComparer.Ordinal);
        }

        Counters.Reads++;
        var document = await TryReadAsync(path, IncidentStatesJson.Default.IncidentStatesDocument, cancellationToken);
        return document is { Version: IncidentStatesJson.CurrentVersion, Incidents: { } incidents }
            ? new(incidents, StringComparer.Ordinal)
            : new(StringComparer.Ordinal);
    }

    private string IncidentsPath(string scope) => Path.Combine(_root, "incidents", IncidentStatesJson.ScopeKey(scope) + ".json");
}
