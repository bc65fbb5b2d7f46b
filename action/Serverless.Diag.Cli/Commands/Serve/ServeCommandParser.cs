using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Serve;

/// <summary><c>serverless-diag serve</c>: the Functions app without Azure (a container, a VM, a laptop).</summary>
internal static class ServeCommandParser
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var urls = new Option<string>("--urls")
        {
            Description = "Where /api/diagnose listens, ';'-separated. Anything but loopback needs DIAG_API_KEY",
            DefaultValueFactory = _ => DefaultUrls,
        };
        var command = new Command("serve", "Run the scheduled diagnosis on DIAG_SCHEDULE and serve /api/diagnose, as the Azure Functions app does") { config, urls };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, s =>
            ServeCommand.RunAsync(parse.GetValue(config)!, parse.GetValue(urls)!, s, cancellationToken)));
        return command;
    }
}
