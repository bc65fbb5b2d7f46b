using System.Globalization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Sinks.Console;

/// <summary>The report for a terminal: one line per check, then details of what is not passing.</summary>
/// <param name="useColor">ANSI colours; the CLI turns them on only for a terminal without NO_COLOR.</param>
public sealed class ConsoleReportWriter(TextWriter output, bool useColor)
{
    public void Write(RunReport report)
    {
        foreach (var environment in report.Environments)
        {
            output.WriteLine(Bold($"Environment {environment.Name}: ") + Colored(environment.Status.ToWire().ToUpperInvariant(), environment.Status));
            var width = Math.Max(10, environment.Checks.Select(c => c.Name.Length).DefaultIfEmpty(0).Max());
            foreach (var check in environment.Checks)
            {
                var status = Colored(check.Status.ToWire().ToUpperInvariant().PadRight(7), check.Status);
                var time = check.Status == CheckStatus.Skipped ? string.Empty : $"{check.DurationMs.ToString("0", CultureInfo.InvariantCulture)}ms";
                var next = check.FollowUpOf is null ? string.Empty : $"(after {check.FollowUpOf}) ";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {status} {check.Name.PadRight(width)}  {check.Type,-13} {check.Severity}  {time,8}  {next}{PendingPrefix(check)}{SilencedPrefix(check)}{OneLine(check.Status == CheckStatus.Pass ? null : check.Headline)}"));
            }

            WriteNotEvaluated(environment.Checks.Where(c => c.Status == CheckStatus.Pass));
            output.WriteLine();
            foreach (var check in environment.Checks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error or CheckStatus.Warn))
            {
                WriteDetails(check);
            }
        }

        WriteState(report.State);
        var s = report.Summary;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Colored(report.Status.ToWire().ToUpperInvariant(), report.Status)}: {s.Total} checks, {s.Pass} pass, {s.Warn} warn, {s.Fail} fail, {s.Error} error, {s.Skipped} skipped in {report.DurationMs.ToString("0", CultureInfo.InvariantCulture)}ms"));
    }

    private void WriteDetails(CheckReport check)
    {
        output.WriteLine(Bold($"  {check.Environment}/{check.Name}") + $" ({check.Type}, {check.Severity})");
        if (check.Error is not null)
        {
            output.WriteLine($"    error ({check.Error.Cause}): {OneLine(check.Error.Message)}");
        }

        foreach (var a in check.Assertions.Where(a => !a.Passed))
        {
            var actual = a.Actual is null ? a.Message ?? "not measured" : $"actual {a.Actual}";
            output.WriteLine($"    {(a.Level == Assertions.AssertionLevel.Warn ? "warn" : "fail")}: {a.Expression}  ({OneLine(actual)})");
        }

        WriteNotEvaluated(check);
        if (check.AfterDeploy is { } deploy)
        {
            output.WriteLine($"    {OneLine(deploy.Describe())}");
        }

        foreach (var warning in check.Warnings)
        {
            output.WriteLine($"    warning: {OneLine(warning)}");
        }

        foreach (var evidence in check.Evidence)
        {
            output.WriteLine($"    {evidence.Title}:");
            foreach (var line in evidence.Content.Split('\n').Take(12))
            {
                output.WriteLine($"      {line.TrimEnd('\r')}");
            }
        }

        foreach (var hint in check.Hints)
        {
            output.WriteLine($"    hint: {hint}");
        }

        if (check.FollowUps.Count > 0)
        {
            output.WriteLine($"    checked next (on_failure): {string.Join(", ", check.FollowUps)}");
        }

        WriteDiagnosis(check);

        output.WriteLine();
    }

    // A passing check whose baseline assertions waited for history says so under its line: the gate did not judge them.
    private void WriteNotEvaluated(IEnumerable<CheckReport> checks)
    {
        foreach (var check in checks.Where(c => c.Assertions.Any(a => !a.Evaluated)))
        {
            output.WriteLine($"    {check.Name}:");
            WriteNotEvaluated(check);
        }
    }

    private void WriteNotEvaluated(CheckReport check)
    {
        foreach (var a in check.Assertions.Where(a => !a.Evaluated))
        {
            output.WriteLine($"    not evaluated: {a.Expression}  ({OneLine(a.Message ?? "no baseline")})");
        }
    }

    private void WriteState(StateReport? state)
    {
        if (state is null)
        {
            return;
        }

        if (state.NotDue.Count > 0)
        {
            output.WriteLine($"not due (interval not passed): {state.NotDue.Count} check(s)");
        }

        foreach (var warning in state.Warnings)
        {
            output.WriteLine($"warning: {OneLine(warning)}");
        }
    }

    // The real status stands; the marker says why no incident follows.
    private static string SilencedPrefix(CheckReport check) => check.Silenced is { } mark ? $"[silenced: {OneLine(mark.Describe())}] " : string.Empty;

    // The check still shows as failing: only its incident waits for the threshold.
    private static string PendingPrefix(CheckReport check) => check.Pending is { } pending ? $"[{pending}] " : string.Empty;

    private void WriteDiagnosis(CheckReport check)
    {
        if (check.Diagnosis is not { } diagnosis)
        {
            return;
        }

        if (diagnosis.ProbableCause is { } cause)
        {
            output.WriteLine(Bold($"    probable cause: {cause.Cause}") + $" ({OneLine(cause.KeyEvidence)})  [rule {cause.Rule}]");
            foreach (var line in cause.Evidence)
            {
                output.WriteLine($"      evidence from {line.Check}: {OneLine(line.Text)}");
            }

            output.WriteLine($"      source: {cause.Source}");
            foreach (var step in cause.NextSteps)
            {
                output.WriteLine($"      next: {step}");
            }
        }
        else if (diagnosis.IsAmbiguous)
        {
            output.WriteLine($"    probable cause: not named, {diagnosis.Candidates.Count} rules match: " +
                string.Join("; ", diagnosis.Candidates.Select(c => $"{c.Cause} ({OneLine(c.KeyEvidence)})")));
        }
        else
        {
            output.WriteLine("    probable cause: none of the cause rules matches");
        }

        output.WriteLine($"    rules ruled out: {string.Join(", ", diagnosis.NotMatched.Select(v => v.Rule))}");
    }

    private static string OneLine(string? text) => text is null ? string.Empty : text.ReplaceLineEndings(" ") is var flat && flat.Length > 160 ? flat[..157] + "..." : text.ReplaceLineEndings(" ");

    private string Bold(string text) => useColor ? $"\u001b[1m{text}\u001b[0m" : text;

    private string Colored(string text, CheckStatus status) => Paint(text, status switch
    {
        CheckStatus.Pass => "32",
        CheckStatus.Warn => "33",
        CheckStatus.Skipped => "90",
        _ => "31",
    });

    private string Colored(string text, RunStatus status) => Paint(text, status switch
    {
        RunStatus.Pass => "32",
        RunStatus.Warn => "33",
        _ => "31",
    });

    private string Paint(string text, string code) => useColor ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
