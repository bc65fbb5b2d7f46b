using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Run;

/// <summary>Wires the run command's options to its work.</summary>
internal static class RunCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var definition = new RunCommandDefinition();
        definition.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, async s =>
        {
            var request = new RunCommand.Request(
                parse.GetValue(definition.Config)!,
                parse.GetValue(definition.Environments) ?? [],
                parse.GetValue(definition.Checks) ?? [],
                parse.GetValue(definition.Tags) ?? [],
                VarArguments.Parse(parse.GetValue(definition.Vars) ?? []),
                parse.GetValue(definition.Format),
                parse.GetValue(definition.Output),
                parse.GetValue(definition.FileIssues),
                parse.GetValue(definition.IssuesDir),
                parse.GetValue(definition.FailOn),
                parse.GetValue(definition.CommentOnPr),
                parse.GetValue(definition.State),
                parse.GetValue(definition.DueOnly),
                parse.GetValue(definition.Notify),
                parse.GetValue(definition.DryRunNotify),
                parse.GetValue(definition.Baseline),
                parse.GetValue(definition.Deployment));
            var (exitCode, _) = await new RunCommand(s).ExecuteAsync(request, cancellationToken);
            return exitCode;
        }));
        return definition;
    }
}
