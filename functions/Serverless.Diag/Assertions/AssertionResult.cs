namespace Serverless.Diag.Assertions;

/// <param name="Expression">The assertion as written.</param>
/// <param name="Actual">The measured value as text (redacted later by the runner); null when not measured.</param>
/// <param name="Message">
/// Why it failed, in words (e.g. "latency 2350ms is not < 2s", "'json.status' was not measured: body is not JSON");
/// for an assertion that was not evaluated, why not ("no baseline yet: 4 of 10 runs").
/// </param>
public sealed record AssertionResult(string Expression, bool Passed, string? Actual, AssertionLevel Level, string? Message = null)
{
    /// <summary>
    /// False when the assertion could not be judged for want of history (a baseline with too few runs): it then
    /// counts as passing, so missing data never fails a run, and <see cref="Message"/> says why.
    /// </summary>
    public bool Evaluated { get; init; } = true;
}
