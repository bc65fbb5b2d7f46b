using System.Text.Json.Serialization;

namespace Serverless.Diag.ApplicationInsights;

/// <summary>
/// One telemetry item as the Application Insights track API (Breeze, <c>/v2.1/track</c>) takes it: the envelope
/// and an <c>AvailabilityData</c> body, the record Azure's own availability tests write (table
/// <c>availabilityResults</c>).
/// </summary>
internal sealed record AvailabilityEnvelope(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("iKey")] string InstrumentationKey,
    [property: JsonPropertyName("tags")] IReadOnlyDictionary<string, string> Tags,
    [property: JsonPropertyName("data")] AvailabilityBase Data)
{
    public const string ItemName = "Microsoft.ApplicationInsights.Availability";
}

internal sealed record AvailabilityBase(
    [property: JsonPropertyName("baseType")] string BaseType,
    [property: JsonPropertyName("baseData")] AvailabilityData BaseData)
{
    public const string AvailabilityType = "AvailabilityData";
}

/// <param name="Duration">Breeze's <c>d.hh:mm:ss.fffffff</c>.</param>
internal sealed record AvailabilityData(
    [property: JsonPropertyName("ver")] int Version,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("duration")] string Duration,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("runLocation")] string RunLocation,
    [property: JsonPropertyName("message"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Message,
    [property: JsonPropertyName("properties")] IReadOnlyDictionary<string, string> Properties,
    [property: JsonPropertyName("measurements")] IReadOnlyDictionary<string, double> Measurements);

/// <summary>The track API's answer: how many items it took, and why it refused the others (by index in the batch).</summary>
internal sealed record TrackResponse(
    [property: JsonPropertyName("itemsReceived")] int ItemsReceived,
    [property: JsonPropertyName("itemsAccepted")] int ItemsAccepted,
    [property: JsonPropertyName("errors")] IReadOnlyList<TrackError>? Errors);

internal sealed record TrackError(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("message")] string? Message);

/// <summary>Source-generated: no reflection, Native-AOT and trimming safe.</summary>
[JsonSerializable(typeof(AvailabilityEnvelope))]
[JsonSerializable(typeof(TrackResponse))]
internal sealed partial class AvailabilityJson : JsonSerializerContext;
