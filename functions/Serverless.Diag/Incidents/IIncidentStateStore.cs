namespace Serverless.Diag.Incidents;

/// <summary>
/// Where incident states are kept besides the incident itself. A GitHub issue is rewritten only when something
/// visible changes, so the runs in between (last seen, occurrences) are kept here: in the process
/// (<see cref="InMemoryIncidentStateStore"/>), or in a durable store shared by every host and instance.
/// </summary>
/// <remarks>The state read here replaces the issue-embedded one when it describes the same outage and is at least as recent.</remarks>
public interface IIncidentStateStore
{
    /// <param name="scope">Whose incidents (a repository, a config): one store may serve several.</param>
    Task<IReadOnlyDictionary<string, IncidentState>> LoadAsync(string scope, IReadOnlyCollection<string> fingerprints, CancellationToken cancellationToken);

    /// <summary>Saves states by fingerprint; a null state forgets the fingerprint.</summary>
    Task SaveAsync(string scope, IReadOnlyDictionary<string, IncidentState?> states, CancellationToken cancellationToken);
}
