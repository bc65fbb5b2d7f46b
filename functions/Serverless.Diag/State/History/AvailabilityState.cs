namespace Serverless.Diag.State.History;

/// <summary>What a stretch of time was for one check.</summary>
public enum AvailabilityState
{
    /// <summary>The last run passed (or warned) and is recent enough to speak for this time.</summary>
    Up,

    /// <summary>Inside an outage: from a failing run to the next passing one.</summary>
    Down,

    /// <summary>No run speaks for this time: before the first row, or a gap much longer than the check's interval.</summary>
    Unknown,

    /// <summary>Inside a planned maintenance window: neither up nor down, left out of the availability.</summary>
    Maintenance,
}

/// <summary>A stretch of the timeline in one state; start inclusive, end exclusive.</summary>
public readonly record struct TimelineSegment(DateTimeOffset Start, DateTimeOffset End, AvailabilityState State)
{
    public TimeSpan Duration => End - Start;
}
