namespace Serverless.Diag.ApplicationInsights;

/// <summary>What became of one run's availability results.</summary>
/// <param name="Accepted">Taken by the ingestion endpoint.</param>
/// <param name="Rejected">Refused by the endpoint item by item (a 206 or 400 answer).</param>
/// <param name="Dropped">Never delivered: the endpoint was down, slow beyond the flush timeout, or refused the credentials.</param>
/// <param name="Problem">Why anything was lost, in words; null when everything was accepted.</param>
public sealed record AvailabilityExportOutcome(int Total, int Accepted, int Rejected, int Dropped, string? Problem)
{
    public int Lost => Rejected + Dropped;
}
