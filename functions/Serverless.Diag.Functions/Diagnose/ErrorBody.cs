namespace Serverless.Diag.Functions.Diagnose;

/// <summary>What /api/diagnose answers instead of a report when nothing ran. Never a stack trace.</summary>
/// <param name="ValidNames">For an unknown environment or check: the names the config has.</param>
/// <param name="Problems">For a refused configuration: every problem, as <c>file:line:col: message</c>.</param>
public sealed record ErrorBody(string Error, IReadOnlyList<string>? ValidNames = null, IReadOnlyList<string>? Problems = null);
