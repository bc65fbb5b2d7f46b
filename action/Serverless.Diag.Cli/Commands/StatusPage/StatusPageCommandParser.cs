using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.StatusPage;

/// <summary><c>serverless-diag status-page</c>: writes the static status page from the state store's history.</summary>
internal static class StatusPageCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var output = new Option<string>("--output", "-o") { Description = "Folder to write index.html and status.css into (created if missing)", Required = true };
        var state = SharedOptions.State();
        var command = new Command("status-page", "Write a static status page: current status per environment and check, 90 daily availability bars, open incidents, maintenance windows")
        {
            config, output, state,
        };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, s =>
            new StatusPageCommand(s).ExecuteAsync(parse.GetValue(config)!, parse.GetValue(output)!, parse.GetValue(state), cancellationToken)));
        return command;
    }
}
