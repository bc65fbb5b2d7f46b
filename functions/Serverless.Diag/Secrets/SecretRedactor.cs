using System.Collections.Concurrent;

namespace Serverless.Diag.Secrets;

/// <summary>
/// Every secret value known to a run; everything that leaves the engine (reports, logs, issues,
/// annotations) passes through <see cref="Redact"/>. Secrets are added as they are discovered:
/// <c>${env:...}</c> values at planning, passwords inside URLs and connection strings, Authorization headers.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    // Shorter values would mask ordinary words and digits all over a report.
    private const int MinimumLength = 3;

    private readonly ConcurrentDictionary<string, byte> _secrets = new(StringComparer.Ordinal);
    private volatile string[] _ordered = [];

    public IReadOnlyCollection<string> Values => _ordered;

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumLength || secret == Mask)
        {
            return;
        }

        if (_secrets.TryAdd(secret, 0))
        {
            // Longest first, so a secret that contains another is masked whole.
            _ordered = [.. _secrets.Keys.OrderByDescending(s => s.Length)];
            foreach (var part in CredentialParts.Extract(secret))
            {
                Add(part);
            }
        }
    }

    public void AddRange(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var ordered = _ordered;
        foreach (var secret in ordered)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    public string? RedactNullable(string? text) => text is null ? null : Redact(text);
}
