using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Silence;

/// <summary><c>serverless-diag silence</c>: quiet an environment's incidents for a while, list silences, or end one.</summary>
internal static class SilenceCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var environments = new Option<string[]>("--env", "-e") { Description = "Environment to silence (repeatable)", AllowMultipleArgumentsPerToken = false };
        var all = new Option<bool>("--all") { Description = "Silence every environment of the config" };
        var checks = new Option<string[]>("--check") { Description = "Only this check (repeatable; default: the whole environment)", AllowMultipleArgumentsPerToken = false };
        var tags = new Option<string[]>("--tag") { Description = "Only checks with this tag (repeatable)", AllowMultipleArgumentsPerToken = false };
        var duration = new Option<string?>("--for") { Description = "How long: a duration such as 30m, 2h or 1d (over 7d needs --force)" };
        var reason = new Option<string?>("--reason") { Description = "Why, shown on every silenced check and in the incident" };
        var untilPass = new Option<bool>("--until-pass") { Description = "End the silence as soon as every check it covers passes once (--for still caps it)" };
        var force = new Option<bool>("--force") { Description = "Allow a silence longer than 7 days" };
        var list = new Option<bool>("--list") { Description = "List the silences in force" };
        var clear = new Option<string?>("--clear") { Description = "End the silence with this id now" };
        var state = SharedOptions.State();
        var command = new Command("silence", "Silence incidents of an environment (or some of its checks) for a while; checks still run and report their real status")
        {
            config, environments, all, checks, tags, duration, reason, untilPass, force, list, clear, state,
        };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, s =>
            new SilenceCommand(s).ExecuteAsync(
                new SilenceCommand.Request(
                    parse.GetValue(config)!,
                    parse.GetValue(environments) ?? [],
                    parse.GetValue(all),
                    parse.GetValue(checks) ?? [],
                    parse.GetValue(tags) ?? [],
                    parse.GetValue(duration),
                    parse.GetValue(reason),
                    parse.GetValue(untilPass),
                    parse.GetValue(force),
                    parse.GetValue(list),
                    parse.GetValue(clear),
                    parse.GetValue(state)),
                cancellationToken)));
        return command;
    }
}
