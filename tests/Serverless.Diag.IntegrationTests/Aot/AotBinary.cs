using Serverless.Diag.IntegrationTests.Infra;

namespace Serverless.Diag.IntegrationTests.Aot;

/// <summary>
/// The Native AOT <c>serverless-diag</c> the releases ship. <c>scripts/test.sh</c> publishes it before the tests and
/// passes its path in <c>DIAG_AOT_BINARY</c> (and in <c>DIAG_CLI_BINARY</c>, which makes every process-level test
/// start it); without it the first test that needs it publishes it the same way (<c>scripts/publish-cli.sh --mode
/// aot --cached</c>: built once per change of the sources), so nothing is skipped.
/// </summary>
internal static class AotBinary
{
    public const string Variable = "DIAG_CLI_BINARY";

    public const string AotVariable = "DIAG_AOT_BINARY";

    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The binary the process-level tests start: the AOT build when <c>DIAG_CLI_BINARY</c> names one, else none.</summary>
    public static string? Given => Existing(Variable);

    public static Task<string> PathAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        if ((Existing(AotVariable) ?? Given) is { } given)
        {
            return given;
        }

        // Generous: a cold Native AOT publish on two busy cores takes minutes.
        var (exit, stdout, stderr) = await Repo.RunAsync("bash", [Repo.File("scripts", "publish-cli.sh"), "--mode", "aot", "--cached"], TimeSpan.FromMinutes(40));
        var path = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (exit != 0 || path is null || !File.Exists(path))
        {
            throw new InvalidOperationException($"scripts/publish-cli.sh --mode aot failed ({exit}):\n{stdout}\n{stderr}");
        }

        return path;
    }

    private static string? Existing(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path && File.Exists(path) ? path : null;
}
