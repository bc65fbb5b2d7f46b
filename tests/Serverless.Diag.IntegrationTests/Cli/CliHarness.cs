using Serverless.Diag.Cli;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>Runs the real command tree in-process with captured stdout/stderr and a given environment.</summary>
internal static class CliHarness
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = environment ?? new Dictionary<string, string>();
        var exit = await CliApp.RunAsync(args, () => new CliServices(stdout, stderr, name => env.GetValueOrDefault(name)), stderr);
        return new Outcome(exit, stdout.ToString(), stderr.ToString());
    }

    public static string WriteConfig(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"diag-cli-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
