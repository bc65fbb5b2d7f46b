using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Running;

/// <summary>Builds the report of one check; the only place where probe output becomes report text, so redaction happens here.</summary>
internal static class CheckReports
{
    public static CheckReport Skipped(PlannedCheck check, string reason, string? skippedBecauseOf) => Base(check) with
    {
        Status = CheckStatus.Skipped,
        SkipReason = reason,
        SkippedBecauseOf = skippedBecauseOf,
    };

    public static CheckReport From(
        PlannedCheck check,
        CheckStatus status,
        ProbeResult result,
        IReadOnlyList<AssertionResult> assertions,
        TimeSpan elapsed,
        int attempts,
        SecretRedactor secrets,
        TraceContext? trace = null)
    {
        var showDetails = status != CheckStatus.Pass;
        var definition = check.Definition;
        // Nothing to mask (the common case): the report takes the assertion results as they are, no copies.
        var redact = secrets.Values.Count > 0;
        return new CheckReport
        {
            Name = definition.Name,
            Type = definition.Type,
            Environment = check.Environment.Name,
            Severity = definition.Severity,
            Tags = definition.Tags,
            DependsOn = check.DependsOn,
            Description = definition.Description,
            Status = status,
            DurationMs = Math.Round(elapsed.TotalMilliseconds, 1),
            Attempts = attempts,
            Trace = trace,
            Baselines = check.Baselines is { Figures.Count: > 0 } baselines ? [.. baselines.Figures.Values] : [],
            Measurements = result.Measurements.Export(redact ? Redaction(secrets) : null),
            Assertions = redact
                ? [.. assertions.Select(a => a with
                {
                    Expression = secrets.Redact(a.Expression),
                    Actual = secrets.RedactNullable(a.Actual),
                    Message = secrets.RedactNullable(a.Message),
                })]
                : assertions,
            Error = result.Error is null ? null : result.Error with { Message = secrets.Redact(result.Error.Message) },
            Evidence = showDetails ? [.. result.Evidence.Select(e => e with { Title = secrets.Redact(e.Title), Content = secrets.Redact(e.Content) })] : [],
            Warnings = !result.HasWarnings ? [] : [.. result.Warnings.Select(secrets.Redact)],
            Hints = showDetails ? [.. definition.Hints.Concat(result.Hints).Select(secrets.Redact).Distinct(StringComparer.Ordinal)] : [],
        };
    }

    private static CheckReport Base(PlannedCheck check) => new()
    {
        Name = check.Definition.Name,
        Type = check.Definition.Type,
        Environment = check.Environment.Name,
        Status = CheckStatus.Skipped,
        Severity = check.Definition.Severity,
        Tags = check.Definition.Tags,
        DependsOn = check.DependsOn,
        Description = check.Definition.Description,
    };

    // Its own method so the lambda's capture of the secrets is allocated only when there are secrets to mask.
    private static Func<object?, object?> Redaction(SecretRedactor secrets) => value => RedactValue(value, secrets);

    private static object? RedactValue(object? value, SecretRedactor secrets) => value switch
    {
        string text => secrets.Redact(text),
        IEnumerable<object?> list => list.Select(v => RedactValue(v, secrets)).ToList(),
        _ => value,
    };
}
