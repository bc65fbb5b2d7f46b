using System.Text.Json.Serialization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Silences;

/// <summary>Stored silences, serialised by source generation (no reflection, AOT-clean). Version 1.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SilenceFileDocument))]
[JsonSerializable(typeof(SilenceDocument))]
public sealed partial class SilenceJson : JsonSerializerContext
{
    public const int CurrentVersion = 1;
}

/// <summary>Every silence of a local store, in one file.</summary>
public sealed class SilenceFileDocument
{
    public int Version { get; set; } = SilenceJson.CurrentVersion;

    public List<SilenceDocument> Silences { get; set; } = [];
}

/// <summary>One silence as stored (a table entity keeps the same document in one property).</summary>
public sealed class SilenceDocument
{
    public string Id { get; set; } = string.Empty;

    public string Environment { get; set; } = string.Empty;

    public List<string>? Checks { get; set; }

    public List<string>? Tags { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset Until { get; set; }

    public string? Reason { get; set; }

    public bool UntilPass { get; set; }

    public string? CreatedBy { get; set; }

    /// <summary>Null for a plain silence; <c>snooze</c> for a <c>/diag snooze</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>The covered checks that passed since it was set (<c>--until-pass</c>).</summary>
    public List<string>? Passed { get; set; }

    public static SilenceDocument From(Silence s) => new()
    {
        Id = s.Id,
        Environment = s.Environment,
        Checks = s.Checks.Count == 0 ? null : [.. s.Checks],
        Tags = s.Tags.Count == 0 ? null : [.. s.Tags],
        CreatedAt = s.CreatedAt,
        Until = s.Until,
        Reason = s.Reason,
        UntilPass = s.UntilPass,
        CreatedBy = s.CreatedBy,
        Kind = s.Kind == SilenceMark.Silence ? null : s.Kind,
        Passed = s.Passed.Count == 0 ? null : [.. s.Passed],
    };

    /// <summary>Null when the document is not a usable silence (hand-edited, truncated).</summary>
    public Silence? ToSilence() =>
        string.IsNullOrEmpty(Id) || string.IsNullOrEmpty(Environment) || Until <= CreatedAt
            ? null
            : new Silence(Id, Environment, Checks ?? [], Tags ?? [], CreatedAt, Until, Reason, UntilPass, CreatedBy)
            {
                Kind = Kind is SilenceMark.Snooze ? SilenceMark.Snooze : SilenceMark.Silence,
                Passed = Passed ?? [],
            };
}
