using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Diag.Incidents;

namespace Serverless.Diag.State;

/// <summary>
/// Incident states as a state store keeps them and as the GitHub pack writes them into an issue body (source-generated,
/// AOT-clean). Version 1. The body holds them inside an HTML comment: keep the default encoder, which escapes &lt; and
/// &gt;, so a state can never close that comment early.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IncidentStatesDocument))]
[JsonSerializable(typeof(IncidentState))]
public sealed partial class IncidentStatesJson : JsonSerializerContext
{
    public const int CurrentVersion = 1;

    /// <summary>A fixed-length key for a scope (a repository URL, a config): safe as a file name or a table key.</summary>
    public static string ScopeKey(string scope) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, 16));

    /// <summary>Null for an entry that cannot be read (it is then treated as unknown, never as a crash).</summary>
    public static IncidentState? TryRead(JsonElement element)
    {
        try
        {
            return element.Deserialize(Default.IncidentState);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <inheritdoc cref="TryRead(JsonElement)"/>
    public static IncidentState? TryRead(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, Default.IncidentState);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One scope's incident states in the local store, by fingerprint; entries stay raw so one bad entry resets only itself.</summary>
public sealed class IncidentStatesDocument
{
    public int Version { get; set; }

    public string? Scope { get; set; }

    public Dictionary<string, JsonElement>? Incidents { get; set; }
}
