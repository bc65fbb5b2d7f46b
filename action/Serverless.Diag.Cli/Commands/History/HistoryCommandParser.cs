using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.History;

/// <summary><c>serverless-diag history</c>: what the state store remembers about an environment's checks.</summary>
internal static class HistoryCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var environment = new Option<string?>("--env", "-e") { Description = "Environment (may be left out when the config has only one)" };
        var check = new Option<string?>("--check") { Description = "Only this check" };
        var since = new Option<string>("--since") { Description = "Period to show: a duration such as 24h or 7d", DefaultValueFactory = _ => "7d" };
        var format = new Option<HistoryFormat>("--format", "-f") { Description = "text or json", DefaultValueFactory = _ => HistoryFormat.Text };
        var state = SharedOptions.State();
        var command = new Command("history", "Show each check's recent runs from the state store: timeline, uptime, latency p50/p95, last failure")
        {
            config, environment, check, since, format, state,
        };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, s =>
            new HistoryCommand(s).ExecuteAsync(
                new HistoryCommand.Request(
                    parse.GetValue(config)!,
                    parse.GetValue(environment),
                    parse.GetValue(check),
                    parse.GetValue(since)!,
                    parse.GetValue(format),
                    parse.GetValue(state)),
                cancellationToken)));
        return command;
    }
}

internal enum HistoryFormat
{
    Text,
    Json,
}
