using Serverless.Diag.Reporting;

namespace Serverless.Diag.Cli.Infrastructure;

public enum FailOn
{
    Fail,
    Warn,
    Never,
}

public static class FailOnRules
{
    public static int ExitCode(RunStatus status, FailOn failOn) => (status, failOn) switch
    {
        (_, FailOn.Never) => ExitCodes.Passed,
        (RunStatus.Fail, _) => ExitCodes.Failed,
        (RunStatus.Warn, FailOn.Warn) => ExitCodes.Failed,
        _ => ExitCodes.Passed,
    };
}
