using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.Commands.Validate;

/// <summary><c>serverless-diag validate</c>: load and plan every environment, run nothing.</summary>
internal static class ValidateCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var command = new Command("validate", "Check a config file without running anything") { config };
        command.SetAction((parse, _) => CommandGuard.RunAsync(services, s =>
        {
            var path = parse.GetValue(config)!;
            var loaded = s.Pipeline.LoadConfig(path);
            var plan = s.Pipeline.Plan(loaded, RunFilter.All);
            var checks = plan.Environments.Sum(e => e.Checks.Count);
            s.Stdout.WriteLine($"{path}: valid — {loaded.Checks.Count} checks, {loaded.Environments.Count} environments, {checks} planned runs");
            return Task.FromResult(ExitCodes.Passed);
        }));
        return command;
    }
}
