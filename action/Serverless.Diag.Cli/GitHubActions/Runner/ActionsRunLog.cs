using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Cli.GitHubActions.Runner;

/// <summary>
/// The run as the Actions log shows it: one collapsible group per environment with a line per check and the
/// annotations of its failing and degraded checks. GitHub keeps at most 10 error and 10 warning annotations per
/// step, so past that a check is only logged, and a closing line says how many were not annotated.
/// </summary>
internal sealed class ActionsRunLog(WorkflowCommandWriter commands, int maxErrors = ActionsRunLog.AnnotationLimit, int maxWarnings = ActionsRunLog.AnnotationLimit)
{
    public const int AnnotationLimit = 10;

    public (int Errors, int Warnings, int ErrorsNotAnnotated, int WarningsNotAnnotated) Write(RunReport report, Func<CheckReport, SourceMark?>? locate = null)
    {
        int errors = 0, warnings = 0, errorsLeft = 0, warningsLeft = 0;
        foreach (var environment in report.Environments)
        {
            var failing = environment.Checks.Count(c => c.Status is CheckStatus.Fail or CheckStatus.Error);
            commands.Group($"{environment.Name}: {environment.Status.ToWire()} ({environment.Checks.Count} checks, {failing} failing)");
            foreach (var check in environment.Checks)
            {
                commands.Line($"{Symbol(check.Status)} {check.Name} [{check.Type}] {check.Status.ToWire()} {check.DurationMs:0}ms{Detail(check)}");
            }

            foreach (var check in environment.Checks)
            {
                if (CheckAnnotations.For(check, locate) is not { } annotation)
                {
                    continue;
                }

                if (annotation.Level == AnnotationLevel.Error)
                {
                    if (errors < maxErrors)
                    {
                        errors++;
                        commands.Annotate(annotation);
                    }
                    else
                    {
                        errorsLeft++;
                    }
                }
                else if (warnings < maxWarnings)
                {
                    warnings++;
                    commands.Annotate(annotation);
                }
                else
                {
                    warningsLeft++;
                }
            }

            commands.EndGroup();
        }

        if (errorsLeft + warningsLeft > 0)
        {
            commands.Line(
                $"serverless-diag: {errors + errorsLeft} failing and {warnings + warningsLeft} degraded checks; " +
                $"{errorsLeft} failing and {warningsLeft} degraded not annotated (GitHub shows at most {maxErrors} errors and {maxWarnings} warnings per step). " +
                "The job summary and the JSON report list every check.");
        }

        return (errors, warnings, errorsLeft, warningsLeft);
    }

    private static string Symbol(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "[pass]",
        CheckStatus.Warn => "[WARN]",
        CheckStatus.Fail => "[FAIL]",
        CheckStatus.Error => "[ERROR]",
        _ => "[skip]",
    };

    private static string Detail(CheckReport check) => check.Status == CheckStatus.Pass || check.Headline is null ? string.Empty : $" - {check.Headline}";
}
