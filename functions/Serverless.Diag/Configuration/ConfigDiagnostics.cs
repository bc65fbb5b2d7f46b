using Serverless.Diag.Secrets;

namespace Serverless.Diag.Configuration;

/// <summary>
/// Collects every problem of a config file so they are all reported at once: the one channel through
/// which the loader, the planner and every probe's settings reader report, each at its position.
/// </summary>
/// <remarks>
/// Messages are redacted when they are read, not when they are added, so a secret registered later in
/// planning (an <c>${env:...}</c> value read for the next check) is still masked in an earlier message.
/// A hostile file can produce millions of problems; the first <see cref="ConfigLimits.MaxReportedProblems"/>
/// are kept and the rest counted.
/// </remarks>
public sealed class ConfigDiagnostics(SecretRedactor? secrets = null)
{
    // Long enough for any message the engine writes about a value; a value pasted whole is cut (after redaction).
    private const int MaxMessageLength = 2000;

    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<ConfigError> _seen = [];
    private readonly List<ConfigError> _warnings = [];
    private readonly HashSet<ConfigError> _seenWarnings = [];

    public IReadOnlyList<ConfigError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    /// <summary>No more problems will be listed: callers may skip composing costly messages.</summary>
    public bool IsFull => _errors.Count >= ConfigLimits.MaxReportedProblems;

    /// <summary>Problems beyond <see cref="ConfigLimits.MaxReportedProblems"/>: counted, not kept.</summary>
    public int Omitted { get; private set; }

    /// <summary>Things worth knowing that do not refuse the config (in <c>validate</c>: an unset environment variable).</summary>
    public IReadOnlyList<ConfigError> Warnings => Redacted(_warnings);

    public void Add(SourceMark mark, string message)
    {
        if (_errors.Count >= ConfigLimits.MaxReportedProblems)
        {
            Omitted++;
            return;
        }

        // The same check is planned once per environment; its problems are reported once.
        var error = new ConfigError(mark, message);
        if (_seen.Add(error))
        {
            _errors.Add(error);
        }
    }

    public void Add(ConfigNode node, string message) => Add(node.Mark, message);

    public void Warn(SourceMark mark, string message)
    {
        var warning = new ConfigError(mark, message);
        if (_warnings.Count < ConfigLimits.MaxReportedProblems && _seenWarnings.Add(warning))
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Moves everything another collector found into this one (a scratch collector used for one check).</summary>
    public void AddFrom(ConfigDiagnostics other, Func<ConfigError, bool>? keep = null)
    {
        foreach (var error in other._errors.Where(e => keep?.Invoke(e) ?? true))
        {
            Add(error.Mark, error.Message);
        }

        Omitted += other.Omitted;
        foreach (var warning in other._warnings)
        {
            Warn(warning.Mark, warning.Message);
        }
    }

    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new ConfigException(Sorted()) { Warnings = Warnings };
        }
    }

    public IReadOnlyList<ConfigError> Sorted()
    {
        List<ConfigError> sorted = [.. Redacted(_errors).OrderBy(e => e.Mark.File, StringComparer.Ordinal).ThenBy(e => e.Mark.Line).ThenBy(e => e.Mark.Column)];
        if (Omitted > 0)
        {
            sorted.Add(new ConfigError(sorted[^1].Mark with { Line = 0, Column = 0 }, $"and {Omitted:N0} more problems (only the first {ConfigLimits.MaxReportedProblems} are listed)"));
        }

        return sorted;
    }

    private List<ConfigError> Redacted(List<ConfigError> errors) => [.. errors.Select(e => e with { Message = Clean(e.Message) })];

    private string Clean(string message)
    {
        var redacted = secrets?.Redact(message) ?? message;
        return redacted.Length <= MaxMessageLength ? redacted : string.Concat(redacted.AsSpan(0, MaxMessageLength), "…");
    }
}
