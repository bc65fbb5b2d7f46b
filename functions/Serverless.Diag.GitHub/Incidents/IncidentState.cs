using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>
/// What an incident remembers between runs. It lives in the issue body (a hidden JSON comment at the end),
/// so a restarted or scaled-out host never loses it.
/// </summary>
internal sealed record IncidentState
{
    public required DateTimeOffset FirstSeen { get; init; }

    /// <summary>When the state was last written while failing (refreshed on change, reminder, or hourly).</summary>
    public required DateTimeOffset LastSeen { get; init; }

    public int Occurrences { get; init; } = 1;

    public int ConsecutivePasses { get; init; }

    public Severity Severity { get; init; }

    /// <summary>Start of the current outage (reset when a closed issue is reopened).</summary>
    public required DateTimeOffset FailingSince { get; init; }

    /// <summary>First passing run of the current recovery streak.</summary>
    public DateTimeOffset? PassingSince { get; init; }

    /// <summary>Since when the current severity holds; escalation counts from here.</summary>
    public required DateTimeOffset SeveritySince { get; init; }

    /// <summary>Last time people were told something (issue opened, comment); reminders count from here.</summary>
    public required DateTimeOffset LastNotified { get; init; }

    /// <summary>What is failing: assertion expressions, or <c>error:cause</c>; a new item is worth a comment.</summary>
    public IReadOnlyList<string> Failing { get; init; } = [];

    /// <summary>Checks skipped because this one failed (or, for a storm, the failing checks).</summary>
    public IReadOnlyList<string> Related { get; init; } = [];

    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    public static IncidentState Open(DateTimeOffset now, Severity severity, IReadOnlyList<string> failing, IReadOnlyList<string> related, string detected) => new()
    {
        FirstSeen = now,
        LastSeen = now,
        FailingSince = now,
        SeveritySince = now,
        LastNotified = now,
        Severity = severity,
        Failing = failing,
        Related = related,
        Timeline = [new TimelineEntry(now, detected)],
    };

    public IncidentState WithEvent(DateTimeOffset at, string text)
    {
        // Keep the first entry (detection) and the latest ones; the body must stay small.
        const int keep = 12;
        var timeline = Timeline.Append(new TimelineEntry(at, text)).ToList();
        if (timeline.Count > keep)
        {
            timeline = [timeline[0], .. timeline.Skip(timeline.Count - (keep - 1))];
        }

        return this with { Timeline = timeline };
    }
}

internal sealed record TimelineEntry(DateTimeOffset At, string Text);

internal static partial class IncidentStateBlock
{
    private const string Prefix = "<!-- serverless-diag:state ";

    /// <summary>The default encoder escapes &lt; and &gt;, so the JSON can never close the comment early.</summary>
    public static string Write(IncidentState state) =>
        Prefix + JsonSerializer.Serialize(state, IncidentStateJson.Default.IncidentState) + " -->";

    /// <summary>The last state block in the body wins: ours is always written last.</summary>
    public static IncidentState? Read(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        var matches = StatePattern().Matches(body);
        if (matches.Count == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(matches[^1].Groups["json"].Value, IncidentStateJson.Default.IncidentState);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"<!-- serverless-diag:state (?<json>\{.*?\}) -->", RegexOptions.Singleline)]
    private static partial Regex StatePattern();
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IncidentState))]
internal sealed partial class IncidentStateJson : JsonSerializerContext;
