using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Cli.Commands.History;

/// <summary>The history as JSON for scripts and dashboards (source-generated serialisation).</summary>
internal static class HistoryJsonWriter
{
    public static string ToJson(HistoryView view) => JsonSerializer.Serialize(
        new HistoryDocument
        {
            Environment = view.Environment,
            Since = view.Since,
            Store = view.Store,
            Checks = [.. view.Checks.Select(c => new CheckHistoryDocument
            {
                Name = c.Check,
                Runs = c.Runs,
                Timeline = c.Timeline,
                Uptime = c.Uptime,
                LatencyP50Ms = c.LatencyP50Ms,
                LatencyP95Ms = c.LatencyP95Ms,
                LastFailure = c.LastFailure is { } f
                    ? new FailureDocument { Time = f.Time, RunId = f.RunId, Status = f.Status.ToWire(), Cause = f.ErrorCause, FailedAssertions = [.. f.FailedAssertions] }
                    : null,
            })],
        },
        HistoryJson.Default.HistoryDocument);
}

internal sealed class HistoryDocument
{
    public string Environment { get; set; } = string.Empty;

    public DateTimeOffset Since { get; set; }

    public string Store { get; set; } = string.Empty;

    public List<CheckHistoryDocument> Checks { get; set; } = [];
}

internal sealed class CheckHistoryDocument
{
    public string Name { get; set; } = string.Empty;

    public int Runs { get; set; }

    /// <summary>Oldest first: . pass, w warn, F fail, E error, - skipped.</summary>
    public string Timeline { get; set; } = string.Empty;

    public double? Uptime { get; set; }

    public double? LatencyP50Ms { get; set; }

    public double? LatencyP95Ms { get; set; }

    public FailureDocument? LastFailure { get; set; }
}

internal sealed class FailureDocument
{
    public DateTimeOffset Time { get; set; }

    public string RunId { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public string? Cause { get; set; }

    public List<string> FailedAssertions { get; set; } = [];
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HistoryDocument))]
internal sealed partial class HistoryJson : JsonSerializerContext;
