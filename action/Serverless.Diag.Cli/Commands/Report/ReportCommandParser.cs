using System.CommandLine;
using Serverless.Diag.Cli.Infrastructure;

namespace Serverless.Diag.Cli.Commands.Report;

/// <summary><c>serverless-diag report</c>: availability per environment and check over a period, from the state store.</summary>
internal static class ReportCommandParser
{
    public static Command Create(Func<CliServices> services)
    {
        var config = SharedOptions.Config();
        var environments = new Option<string[]>("--env", "-e") { Description = "Environment to report (repeatable; default: all)", AllowMultipleArgumentsPerToken = false };
        var since = new Option<string>("--since") { Description = "Period up to now: a duration such as 7d or 30d", DefaultValueFactory = _ => "30d" };
        var month = new Option<string?>("--month") { Description = "A calendar month instead (UTC), e.g. 2026-11: the monthly report" };
        var format = new Option<AvailabilityFormat>("--format", "-f") { Description = "text, markdown or json", DefaultValueFactory = _ => AvailabilityFormat.Text };
        var state = SharedOptions.State();
        var command = new Command("report", "Availability per environment and check from the state store: availability %, outages, MTTR, longest outage, latency p50/p95, current status")
        {
            config, environments, since, month, format, state,
        };
        command.SetAction((parse, cancellationToken) => CommandGuard.RunAsync(services, s =>
            new ReportCommand(s).ExecuteAsync(
                new ReportCommand.Request(
                    parse.GetValue(config)!,
                    parse.GetValue(environments) ?? [],
                    parse.GetValue(since)!,
                    parse.GetValue(month),
                    parse.GetValue(format),
                    parse.GetValue(state)),
                cancellationToken)));
        return command;
    }
}

internal enum AvailabilityFormat
{
    Text,
    Markdown,
    Json,
}
