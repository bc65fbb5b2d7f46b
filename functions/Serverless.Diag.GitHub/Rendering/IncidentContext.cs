using Serverless.Diag.Incidents;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Rendering;

/// <summary>What every rendering needs besides the incident: where the config lives, the tool version, the redactor.</summary>
internal sealed record IncidentContext(string ConfigPath, string Version, SecretRedactor Secrets, int CloseAfter, int StormThreshold)
{
    /// <summary>Redact first, then cut, then neutralise: a secret is never half-shown by a cut.</summary>
    public string Safe(string? text, int max) =>
        MarkdownText.NeutraliseMentions(MarkdownText.Truncate(Secrets.Redact(text ?? string.Empty), max));

    public string Prose(string? text, int max) => MarkdownText.Prose(MarkdownText.Truncate(Secrets.Redact(text ?? string.Empty), max));
}
