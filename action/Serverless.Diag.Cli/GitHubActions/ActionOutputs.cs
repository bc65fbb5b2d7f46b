using System.Text.Json;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>The step outputs action.yml declares: status, report, failed-checks.</summary>
internal static class ActionOutputs
{
    /// <summary>Status when nothing ran: the config was refused or named an unknown environment or check.</summary>
    public const string ConfigErrorStatus = "error";

    public static IReadOnlyList<KeyValuePair<string, string>> For(RunReport report, string reportPath) =>
    [
        new("status", report.Status.ToWire()),
        new("report", reportPath),
        new("failed-checks", FailedChecks(report)),
    ];

    public static IReadOnlyList<KeyValuePair<string, string>> ForRefusedConfig() =>
    [
        new("status", ConfigErrorStatus),
        new("report", string.Empty),
        new("failed-checks", "[]"),
    ];

    /// <summary>A JSON array of "environment/check" for every failing or erroring check: names may hold commas.</summary>
    public static string FailedChecks(RunReport report) => JsonSerializer.Serialize(
        report.AllChecks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error).Select(c => $"{c.Environment}/{c.Name}").ToArray(),
        FailedChecksJson.Default.StringArray);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class FailedChecksJson : System.Text.Json.Serialization.JsonSerializerContext;
