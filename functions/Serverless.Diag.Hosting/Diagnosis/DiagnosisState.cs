using Serverless.Diag.Secrets;
using Serverless.Diag.State;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// The state store the Functions worker and <c>serve</c> use (DIAG_STATE), opened once at start. A setting that
/// cannot be opened is kept as a problem: every run reports it as a configuration error instead of crashing the host.
/// </summary>
public sealed class DiagnosisState
{
    private DiagnosisState(IStateStore? store, string? problem)
    {
        Store = store;
        Problem = problem;
    }

    /// <summary>Null: no store configured (or it could not be opened, see <see cref="Problem"/>).</summary>
    public IStateStore? Store { get; }

    /// <summary>Why DIAG_STATE could not be opened; null when it could (or is not set).</summary>
    public string? Problem { get; }

    public bool Configured => Store is not null || Problem is not null;

    /// <param name="secrets">Receives the key of a connection string, so no log or report shows it.</param>
    public static DiagnosisState Open(string? setting, SecretRedactor secrets)
    {
        try
        {
            return new DiagnosisState(StateStores.Open(setting, secrets), null);
        }
        catch (ArgumentException e)
        {
            return new DiagnosisState(null, secrets.Redact(e.Message));
        }
    }
}
