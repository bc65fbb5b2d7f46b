using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Demo;

internal static class DemoCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var format = new Option<ReportFormat>("--format", "-f") { Description = "Report format: text, json or markdown", DefaultValueFactory = _ => ReportFormat.Text };
        var issuesDir = new Option<string>("--issues-dir") { Description = "Folder for the issues the demo would file", DefaultValueFactory = _ => "diag-issues" };
        var command = new Command("demo", "Run an example config against a built-in sample backend (needs nothing installed)") { format, issuesDir };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, s =>
            new DemoCommand(s).ExecuteAsync(parse.GetValue(format), parse.GetValue(issuesDir)!, cancellationToken)));
        return command;
    }
}
