namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>The exit codes the README promises.</summary>
public static class ExitCodes
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int UsageOrConfig = 2;
    public const int Internal = 3;
}
