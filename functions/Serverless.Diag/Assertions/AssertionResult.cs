namespace Serverless.Diag.Assertions;

/// <param name="Expression">The assertion as written.</param>
/// <param name="Actual">The measured value as text (redacted later by the runner); null when not measured.</param>
/// <param name="Message">Why it failed, in words (e.g. "latency 2350ms is not < 2s", "'json.status' was not measured: body is not JSON").</param>
public sealed record AssertionResult(string Expression, bool Passed, string? Actual, AssertionLevel Level, string? Message = null);
