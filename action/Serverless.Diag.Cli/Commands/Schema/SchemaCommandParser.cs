using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Cli.Commands.Schema;

/// <summary><c>serverless-diag schema</c>: prints the JSON Schema of diag.yaml (docs/diag.schema.json).</summary>
internal static class SchemaCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var command = new Command("schema", "Print the JSON Schema of the config file, for editors");
        command.SetAction((_, _) => CommandGuard.RunAsync(services, async s =>
        {
            await s.Stdout.WriteAsync(ConfigSchemaWriter.Generate(s.Pipeline.Registry));
            return ExitCodes.Passed;
        }));
        return command;
    }
}
