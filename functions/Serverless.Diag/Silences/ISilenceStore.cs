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

    /// <summary>
    /// Adds <paramref name="checks"/> to the silence's <see cref="Silence.Passed"/>, merged with what other instances
    /// recorded meanwhile (never a lost update).
    /// </summary>
    /// <returns>The silence as stored afterwards; null when no silence has that id (cleared or ended meanwhile).</returns>
    Task<Silence?> RecordPassesAsync(string id, IReadOnlyCollection<string> checks, CancellationToken cancellationToken);

    /// <returns>False when no silence has that id.</returns>
    Task<bool> RemoveSilenceAsync(string id, CancellationToken cancellationToken);
}
