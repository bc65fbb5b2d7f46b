using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Cli.GitHubActions.Runner;

/// <summary>
/// The annotation for a check: <c>error</c> for fail and error (a timeout or a probe that could not measure is as
/// visible as a failed assertion), <c>warning</c> for warn, none otherwise. Title = check; message = the
/// environment, then every failed assertion of that level with its actual value, or the probe's error.
/// </summary>
internal static class CheckAnnotations
{
    /// <param name="locate">Where the check is written, as a path relative to the repository, or null.</param>
    public static Annotation? For(CheckReport check, Func<CheckReport, SourceMark?>? locate = null)
    {
        var level = check.Status switch
        {
            CheckStatus.Fail or CheckStatus.Error => AnnotationLevel.Error,
            CheckStatus.Warn => AnnotationLevel.Warning,
            _ => (AnnotationLevel?)null,
        };
        if (level is null)
        {
            return null;
        }

        var mark = locate?.Invoke(check);
        return new Annotation(level.Value, check.Name, Message(check), mark?.File, mark?.Line, mark?.Column);
    }

    private static string Message(CheckReport check)
    {
        var lines = new List<string>();
        var status = check.Status == CheckStatus.Error && check.Error is not null ? $"error ({check.Error.Cause})" : check.Status.ToWire();
        lines.Add($"{check.Environment}: {check.Type} check {status}");
        if (check.Error is not null)
        {
            lines.Add($"{check.Error.Cause}: {check.Error.Message}");
        }

        var level = check.Status == CheckStatus.Warn ? AssertionLevel.Warn : AssertionLevel.Fail;
        foreach (var failed in check.Assertions.Where(a => !a.Passed && a.Level == level))
        {
            lines.Add(Describe(failed));
        }

        if (lines.Count == 1 && check.Headline is { } headline)
        {
            lines.Add(headline);
        }

        return string.Join('\n', lines);
    }

    private static string Describe(AssertionResult assertion)
    {
        var actual = assertion.Actual is null ? "not measured" : $"actual {assertion.Actual}";
        return assertion.Message is { Length: > 0 } message && assertion.Actual is null
            ? $"{assertion.Expression} failed: {message}"
            : $"{assertion.Expression} failed ({actual})";
    }
}
