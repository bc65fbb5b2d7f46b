using System.CommandLine;
using Serverless.Diag.Cli.Commands.Demo;
using Serverless.Diag.Cli.Commands.History;
using Serverless.Diag.Cli.Commands.Report;
using Serverless.Diag.Cli.Commands.StatusPage;
using Serverless.Diag.Cli.Commands.Run;
using Serverless.Diag.Cli.Commands.Schema;
using Serverless.Diag.Cli.Commands.Serve;
using Serverless.Diag.Cli.Commands.Silence;
using Serverless.Diag.Cli.Commands.Validate;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli;

/// <summary>The command tree; separate from Program so tests can run it in-process.</summary>
internal static class CliApp
{
    public static RootCommand Build(Func<CliServices> services)
    {
        var root = new RootCommand("serverless-diag: runs a backend troubleshooting guide's diagnostics against deployed environments")
        {
            RunCommandParser.Create(services),
            ValidateCommandParser.Create(services),
            DemoCommandParser.Create(services),
            SchemaCommandParser.Create(services),
            ServeCommandParser.Create(services),
            HistoryCommandParser.Create(services),
            ReportCommandParser.Create(services),
            StatusPageCommandParser.Create(services),
            SilenceCommandParser.Create(services),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, Func<CliServices> services, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var parse = Build(services).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await stderr.WriteLineAsync($"error: {error.Message}");
            }

            await stderr.WriteLineAsync("Run 'serverless-diag --help' for usage.");
            return ExitCodes.UsageOrConfig;
        }

        return await parse.InvokeAsync(cancellationToken: cancellationToken);
    }
}
