namespace Serverless.Diag.Probes;

/// <summary>The record a probe fills and assertions read; they meet only here.</summary>
public sealed class ProbeResult
{
    // Lists are created on first use: a passing check usually has no hints, warnings or evidence.
    private List<Evidence>? _evidence;
    private Func<IEnumerable<Evidence>>? _deferredEvidence;
    private List<string>? _hints;
    private List<string>? _warnings;
    private List<ProbeFinding>? _findings;

    public Measurements Measurements { get; } = new();

    /// <summary>What was seen; evidence deferred with <see cref="DeferEvidence"/> is built on first read.</summary>
    public List<Evidence> Evidence
    {
        get
        {
            var evidence = _evidence ??= [];
            if (_deferredEvidence is { } deferred)
            {
                _deferredEvidence = null;
                evidence.AddRange(deferred());
            }

            return evidence;
        }
    }

    public List<string> Hints => _hints ??= [];

    /// <summary>
    /// Degradations the probe saw although it measured (e.g. partial query results): a check whose
    /// assertions all hold is then <c>warn</c>, not <c>pass</c>.
    /// </summary>
    public List<string> Warnings => _warnings ??= [];

    /// <summary>Whether <see cref="Warnings"/> has any, without creating the list.</summary>
    public bool HasWarnings => _warnings is { Count: > 0 };

    /// <summary>
    /// Built-in checks the target failed although the probe measured (Redis refused the round-trip write with OOM):
    /// the user's assertions are still evaluated on what was measured, and each finding is a failed assertion of its
    /// own, so the check is <c>fail</c>, not <c>error</c>.
    /// </summary>
    public List<ProbeFinding> Findings => _findings ??= [];

    /// <summary>Whether <see cref="Findings"/> has any, without creating the list.</summary>
    public bool HasFindings => _findings is { Count: > 0 };

    /// <summary>Set when the probe could not measure; the check is then <c>error</c>.</summary>
    public ProbeError? Error { get; set; }

    public static ProbeResult Failed(ErrorCause cause, string message) => new() { Error = new ProbeError(cause, message) };

    /// <summary>
    /// Evidence that costs text formatting to build: reports show evidence only for checks that did not pass,
    /// so a passing check never pays for it. <paramref name="build"/> must capture values, not disposed objects.
    /// </summary>
    public void DeferEvidence(Func<IEnumerable<Evidence>> build)
    {
        // Usually one: chained, not listed, so the common case costs no list.
        var earlier = _deferredEvidence;
        _deferredEvidence = earlier is null ? build : () => [.. earlier(), .. build()];
    }

    public ProbeResult WithHint(string hint)
    {
        Hints.Add(hint);
        return this;
    }
}

/// <summary>A built-in check the target failed: what was expected, in assertion form, and what happened.</summary>
/// <param name="Expectation">Shown where an assertion would be, e.g. <c>redis accepts writes</c>.</param>
/// <param name="Actual">What was seen instead, e.g. the server's refusal.</param>
/// <param name="Source">Where the expectation comes from, shown as the assertion's message; null for a built-in check.</param>
public sealed record ProbeFinding(string Expectation, string Actual, string? Source = null);
