using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Diag.State;

/// <summary>The stored shapes, serialised by source generation (no reflection, AOT-clean). Version 1.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateFileDocument))]
[JsonSerializable(typeof(StateEntryDocument))]
[JsonSerializable(typeof(HistoryFileDocument))]
[JsonSerializable(typeof(LeaseDocument))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(Dictionary<string, double>))]
public sealed partial class StateJson : JsonSerializerContext
{
    public const int CurrentVersion = 1;
}

/// <summary>One environment's current states in the local store; entries stay raw so one bad entry resets only itself.</summary>
public sealed class StateFileDocument
{
    public int Version { get; set; }

    public Dictionary<string, JsonElement>? Checks { get; set; }
}

public sealed class StateEntryDocument
{
    /// <summary>Write counter: the local store's concurrency token.</summary>
    public long Revision { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? StatusSince { get; set; }

    public int Failures { get; set; }

    public int Passes { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public string? LastRunId { get; set; }
}

public sealed class HistoryFileDocument
{
    public int Version { get; set; }

    public List<HistoryRowDocument>? Entries { get; set; }
}

public sealed class HistoryRowDocument
{
    public string Check { get; set; } = string.Empty;

    public DateTimeOffset Time { get; set; }

    public string RunId { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public double DurationMs { get; set; }

    public string? Cause { get; set; }

    public List<string>? Failed { get; set; }

    public Dictionary<string, double>? Measurements { get; set; }
}

public sealed class LeaseDocument
{
    public string Owner { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}
