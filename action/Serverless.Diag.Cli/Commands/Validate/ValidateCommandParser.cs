using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.Commands.Validate;

/// <summary>
/// <c>serverless-diag validate</c>: load and plan every environment, run nothing. Without <c>--strict</c> it
/// works where the secrets are not (a pull request's CI): an unset <c>${env:...}</c> is a warning.
/// </summary>
internal static class ValidateCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var strict = new Option<bool>("--strict")
        {
            Description = "Require every ${env:...} variable to be set, as 'run' does (default: an unset one is a warning)",
        };
        var vars = new Option<string[]>("--var") { Description = "Override a variable of the config: name=value (repeatable), as 'run' takes it" };
        var command = new Command("validate", "Check a config file without running anything") { config, strict, vars };
        command.SetAction((parse, _) => CommandGuard.RunAsync(services, s =>
        {
            var path = parse.GetValue(config)!;
            var loaded = s.Pipeline.LoadConfig(path);
            var filter = new RunFilter { VarOverrides = VarArguments.Parse(parse.GetValue(vars) ?? []) };
            var plan = s.Pipeline.Plan(loaded, filter, parse.GetValue(strict) ? PlanMode.Run : PlanMode.ValidateWithoutSecrets);
            foreach (var warning in plan.Warnings)
            {
                s.Stderr.WriteLine($"{warning.Mark}: warning: {warning.Message}");
            }

            var checks = plan.Environments.Sum(e => e.Checks.Count);
            var warned = plan.Warnings.Count == 0 ? string.Empty : $", {plan.Warnings.Count} warning{(plan.Warnings.Count == 1 ? string.Empty : "s")}";
            s.Stdout.WriteLine($"{path}: valid — {loaded.Checks.Count} checks, {loaded.Environments.Count} environments, {checks} planned runs{warned}");
            return Task.FromResult(ExitCodes.Passed);
        }));
        return command;
    }
}
