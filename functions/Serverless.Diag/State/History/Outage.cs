namespace Serverless.Diag.State.History;

/// <summary>From the first failing run to the first passing one.</summary>
/// <param name="End">The first passing run; null while it is still failing (or the runs stopped while failing).</param>
/// <param name="Downtime">The time it counted as down: maintenance windows and time outside the period left out.</param>
/// <param name="Cause">The first failing run's error cause or first failed assertion.</param>
public sealed record Outage(DateTimeOffset Start, DateTimeOffset? End, TimeSpan Downtime, string? Cause)
{
    public bool Ongoing => End is null;
}
