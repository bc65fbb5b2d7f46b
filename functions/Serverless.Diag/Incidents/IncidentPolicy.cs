using Serverless.Diag.Configuration;

namespace Serverless.Diag.Incidents;

/// <summary>The lifecycle rules the state machine applies; hosts build it from the config (<c>github:</c> today).</summary>
public sealed record IncidentPolicy
{
    /// <summary>Consecutive passing runs before an incident is closed.</summary>
    public int CloseAfter { get; init; } = 2;

    /// <summary>A check's own <c>success_threshold</c>, by fingerprint; it wins over <see cref="CloseAfter"/>.</summary>
    public IReadOnlyDictionary<string, int> CloseAfterByFingerprint { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public int CloseAfterFor(string fingerprint) => CloseAfterByFingerprint.TryGetValue(fingerprint, out var own) ? own : CloseAfter;

    /// <summary>A check failing again within this time of its incident closing reopens that incident.</summary>
    public TimeSpan ReopenWithin { get; init; } = TimeSpan.FromHours(24);

    /// <summary>While still failing and nothing else was said, a reminder at most this often.</summary>
    public TimeSpan RemindEvery { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Per-severity escalation delay, used when the check names none of its own.</summary>
    public IReadOnlyDictionary<Severity, TimeSpan> EscalateAfter { get; init; } = new Dictionary<Severity, TimeSpan>();

    /// <summary>
    /// While nothing visible changes, the stored state (last seen, occurrences) still counts every run, but a
    /// sink that pays for each write (a GitHub issue) need rewrite it only this often.
    /// </summary>
    public TimeSpan StateRefresh { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan? EscalationDelay(FailingIncident incident, Severity current) =>
        incident.EscalateAfter ?? (EscalateAfter.TryGetValue(current, out var after) ? after : null);
}
