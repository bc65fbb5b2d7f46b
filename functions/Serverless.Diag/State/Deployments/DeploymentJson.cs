using System.Text.Json.Serialization;

namespace Serverless.Diag.State.Deployments;

/// <summary>Stored deployment markers, serialised by source generation (no reflection, AOT-clean). Version 1.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeploymentFileDocument))]
[JsonSerializable(typeof(DeploymentDocument))]
public sealed partial class DeploymentJson : JsonSerializerContext
{
    public const int CurrentVersion = 1;
}

/// <summary>One environment's markers in a local store, newest first.</summary>
public sealed class DeploymentFileDocument
{
    public int Version { get; set; } = DeploymentJson.CurrentVersion;

    public List<DeploymentDocument> Deployments { get; set; } = [];
}

/// <summary>One marker as stored (a table entity keeps the same document in one property).</summary>
public sealed class DeploymentDocument
{
    public string Sha { get; set; } = string.Empty;

    public string? Ref { get; set; }

    public int? PullRequest { get; set; }

    public DateTimeOffset Time { get; set; }

    public static DeploymentDocument From(DeploymentMarker marker) => new()
    {
        Sha = marker.Deployment.Sha,
        Ref = marker.Deployment.Ref,
        PullRequest = marker.Deployment.PullRequest,
        Time = marker.Time,
    };

    /// <summary>Null for a document without a commit (hand-edited or damaged): it marks nothing.</summary>
    public DeploymentMarker? ToMarker(string environment) =>
        string.IsNullOrWhiteSpace(Sha) ? null : new DeploymentMarker(environment, new Deployment(Sha, Ref, PullRequest), Time);
}
