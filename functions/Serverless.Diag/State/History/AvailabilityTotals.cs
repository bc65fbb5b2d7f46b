namespace Serverless.Diag.State.History;

/// <summary>How a period divides into up, down, unknown and maintenance time.</summary>
public sealed record AvailabilityTotals(TimeSpan Up, TimeSpan Down, TimeSpan Unknown, TimeSpan Maintenance)
{
    /// <summary>Up over up plus down (unknown and maintenance time left out); null when no time is known.</summary>
    public double? Availability => Up + Down <= TimeSpan.Zero ? null : Up / (Up + Down);

    /// <summary>The share of the period that no run speaks for (maintenance not counted).</summary>
    public double UnknownShare => Up + Down + Unknown <= TimeSpan.Zero ? 0 : Unknown / (Up + Down + Unknown);
}
