namespace Serverless.Diag.Probes;

/// <summary>
/// What was seen, for a human: the first bytes of a body, the blocking sessions, INFO figures.
/// Redacted by the runner before it reaches any report.
/// </summary>
/// <param name="Title">A short heading, e.g. "Response body (first 2 KB)".</param>
/// <param name="Content">Plain text or a small table; rendered in a fenced block.</param>
/// <param name="Language">Fence language hint (json, sql, text).</param>
public sealed record Evidence(string Title, string Content, string Language = "text");
