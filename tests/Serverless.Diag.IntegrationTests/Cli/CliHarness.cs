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

    /// <summary>
    /// Every text a user could see from one config: stdout and stderr of a run in each format (issues written to a
    /// directory), a report written with <c>--output</c> and its stdout, and every issue file; each run must exit with
    /// <paramref name="exitCode"/>. In that order: the JSON report is the third.
    /// </summary>
    public static async Task<List<string>> EveryOutputAsync(IReadOnlyDictionary<string, string> environment, string config, int exitCode)
    {
        var issues = Path.Combine(Path.GetTempPath(), $"diag-issues-{Guid.NewGuid():N}");
        var reportFile = Path.Combine(Path.GetTempPath(), $"diag-report-{Guid.NewGuid():N}.md");
        var outputs = new List<string>();
        foreach (var format in new[] { "text", "json", "markdown" })
        {
            var outcome = await RunAsync(environment, "run", "--config", config, "--format", format, "--issues-dir", issues);
            Assert.Equal(exitCode, outcome.ExitCode);
            outputs.Add(outcome.Stdout);
            outputs.Add(outcome.Stderr);
        }

        var withFile = await RunAsync(environment, "run", "--config", config, "--format", "markdown", "--output", reportFile);
        Assert.Equal(exitCode, withFile.ExitCode);
        outputs.Add(withFile.Stdout);
        outputs.Add(await File.ReadAllTextAsync(reportFile));
        outputs.AddRange(Directory.GetFiles(issues).Select(File.ReadAllText));
        return outputs;
    }

    public static string WriteConfig(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"diag-cli-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
