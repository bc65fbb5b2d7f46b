namespace Serverless.Diag.Probes;

/// <summary>The record a probe fills and assertions read; they meet only here.</summary>
public sealed class ProbeResult
{
    public Measurements Measurements { get; } = new();

    public List<Evidence> Evidence { get; } = [];

    public List<string> Hints { get; } = [];

    /// <summary>
    /// Degradations the probe saw although it measured (e.g. partial query results): a check whose
    /// assertions all hold is then <c>warn</c>, not <c>pass</c>.
    /// </summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Set when the probe could not measure; the check is then <c>error</c>.</summary>
    public ProbeError? Error { get; set; }

    public static ProbeResult Failed(ErrorCause cause, string message) => new() { Error = new ProbeError(cause, message) };

    public ProbeResult WithHint(string hint)
    {
        Hints.Add(hint);
        return this;
    }
}
