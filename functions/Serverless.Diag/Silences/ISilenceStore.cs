namespace Serverless.Diag.Silences;

/// <summary>
/// Where ad hoc silences live: beside the check states, in the same store (a directory or a table), so a silence set
/// from a pipeline is seen by the timer on every instance. Implemented by the state stores that support it.
/// </summary>
public interface ISilenceStore
{
    /// <summary>Every stored silence, expired ones included until they are pruned.</summary>
    Task<IReadOnlyList<Silence>> ListSilencesAsync(CancellationToken cancellationToken);

    /// <summary>Stores the silence; removes silences that ended more than a day before <paramref name="now"/>.</summary>
    Task AddSilenceAsync(Silence silence, DateTimeOffset now, CancellationToken cancellationToken);

    /// <returns>False when no silence has that id.</returns>
    Task<bool> RemoveSilenceAsync(string id, CancellationToken cancellationToken);
}
