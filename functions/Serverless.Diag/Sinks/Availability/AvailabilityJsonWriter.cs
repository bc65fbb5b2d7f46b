using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Sinks.Availability;

/// <summary>The availability as JSON for scripts and dashboards (source-generated serialisation: no reflection).</summary>
public static class AvailabilityJsonWriter
{
    public static string ToJson(AvailabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(
            new AvailabilityDocument
            {
                From = report.From,
                To = report.To,
                Store = report.Store,
                Environments = [.. report.Environments.Select(e => new EnvironmentDocument
                {
                    Name = e.Name,
                    Availability = e.Totals.Availability,
                    Checks = [.. e.Checks.Select(Check)],
                })],
            },
            AvailabilityJson.Default.AvailabilityDocument);
    }

    private static CheckDocument Check(CheckAvailability c) => new()
    {
        Name = c.Check,
        Availability = c.Availability,
        UpSeconds = c.Totals.Up.TotalSeconds,
        DownSeconds = c.Totals.Down.TotalSeconds,
        NoDataSeconds = c.Totals.Unknown.TotalSeconds,
        MaintenanceSeconds = c.Totals.Maintenance.TotalSeconds,
        Runs = c.Runs,
        OutageCount = c.Outages.Count,
        MttrSeconds = c.Mttr?.TotalSeconds,
        LongestOutageSeconds = c.Longest?.Downtime.TotalSeconds,
        LatencyP50Ms = c.LatencyP50Ms,
        LatencyP95Ms = c.LatencyP95Ms,
        CurrentStatus = c.CurrentStatus,
        InMaintenance = c.InMaintenance,
        Outages = [.. c.Outages.Select(o => new OutageDocument { Start = o.Start, End = o.End, DowntimeSeconds = o.Downtime.TotalSeconds, Cause = o.Cause })],
    };
}

internal sealed class AvailabilityDocument
{
    public DateTimeOffset From { get; set; }

    public DateTimeOffset To { get; set; }

    public string Store { get; set; } = string.Empty;

    public List<EnvironmentDocument> Environments { get; set; } = [];
}

internal sealed class EnvironmentDocument
{
    public string Name { get; set; } = string.Empty;

    public double? Availability { get; set; }

    public List<CheckDocument> Checks { get; set; } = [];
}

internal sealed class CheckDocument
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Up over up plus down, 0..1; null when no time is known.</summary>
    public double? Availability { get; set; }

    public double UpSeconds { get; set; }

    public double DownSeconds { get; set; }

    public double NoDataSeconds { get; set; }

    public double MaintenanceSeconds { get; set; }

    public int Runs { get; set; }

    public int OutageCount { get; set; }

    public double? MttrSeconds { get; set; }

    public double? LongestOutageSeconds { get; set; }

    public double? LatencyP50Ms { get; set; }

    public double? LatencyP95Ms { get; set; }

    public string CurrentStatus { get; set; } = string.Empty;

    public bool InMaintenance { get; set; }

    public List<OutageDocument> Outages { get; set; } = [];
}

internal sealed class OutageDocument
{
    public DateTimeOffset Start { get; set; }

    /// <summary>Null while still failing.</summary>
    public DateTimeOffset? End { get; set; }

    public double DowntimeSeconds { get; set; }

    public string? Cause { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AvailabilityDocument))]
internal sealed partial class AvailabilityJson : JsonSerializerContext;
