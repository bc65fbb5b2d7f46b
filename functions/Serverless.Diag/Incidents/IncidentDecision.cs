namespace Serverless.Diag.Incidents;

/// <summary>What a sink does with one incident this run.</summary>
public enum IncidentAction
{
    /// <summary>Nothing to do (not tracked, below threshold, not run).</summary>
    None,

    /// <summary>Only counters moved (last seen, occurrences): a cheap store records it; a sink paying per write may skip it.</summary>
    Record,

    /// <summary>Open a new incident with <see cref="IncidentDecision.Next"/>.</summary>
    Open,

    /// <summary>Reopen the closed incident.</summary>
    Reopen,

    /// <summary>Still failing and something visible changed (or the refresh is due): rewrite the incident.</summary>
    Update,

    /// <summary>Passing, but fewer than <c>close_after</c> consecutive runs: show it is recovering.</summary>
    Monitor,

    /// <summary>Recovered: close the incident.</summary>
    Close,
}

/// <param name="Next">The state after this run; null when there is nothing to keep.</param>
/// <param name="Events">What happened, in order; an announced event is said once.</param>
public sealed record IncidentDecision(string Fingerprint, IncidentAction Action, IncidentState? Next, IReadOnlyList<IncidentEvent> Events)
{
    public static IncidentDecision Nothing(string fingerprint, IncidentState? kept = null) => new(fingerprint, IncidentAction.None, kept, []);

    /// <summary>True when the incident's visible record (issue) must be written this run.</summary>
    public bool WritesIncident => Action is not (IncidentAction.None or IncidentAction.Record);
}
