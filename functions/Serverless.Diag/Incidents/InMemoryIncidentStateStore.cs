using System.Collections.Concurrent;

namespace Serverless.Diag.Incidents;

/// <summary>Incident states for the life of the process: a host running many scheduled runs shares one.</summary>
public sealed class InMemoryIncidentStateStore : IIncidentStateStore
{
    private readonly ConcurrentDictionary<(string Scope, string Fingerprint), IncidentState> _states = new();

    /// <summary>The store every host in this process shares unless it is given another.</summary>
    public static InMemoryIncidentStateStore Shared { get; } = new();

    public Task<IReadOnlyDictionary<string, IncidentState>> LoadAsync(string scope, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, IncidentState>(StringComparer.Ordinal);
        foreach (var fingerprint in fingerprints)
        {
            if (_states.TryGetValue((scope, fingerprint), out var state))
            {
                found[fingerprint] = state;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<string, IncidentState>>(found);
    }

    public Task SaveAsync(string scope, IReadOnlyDictionary<string, IncidentState?> states, CancellationToken cancellationToken)
    {
        foreach (var (fingerprint, state) in states)
        {
            if (state is null)
            {
                _states.TryRemove((scope, fingerprint), out _);
            }
            else
            {
                _states[(scope, fingerprint)] = state;
            }
        }

        return Task.CompletedTask;
    }
}
