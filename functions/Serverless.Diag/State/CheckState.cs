using Serverless.Diag.Reporting;

namespace Serverless.Diag.State;

/// <summary>What the store remembers about one check in one environment between runs: one entity, updated in place.</summary>
/// <remarks>
/// The counters saturate at the largest threshold that can use them, so a check that keeps passing (or keeps
/// failing) past its thresholds produces the same state run after run and costs no write.
/// </remarks>
public sealed record CheckState
{
    public required string Environment { get; init; }

    public required string Check { get; init; }

    /// <summary>The status of the last run that observed the check; null when it never ran (or its state was reset).</summary>
    public CheckStatus? Status { get; init; }

    /// <summary>When <see cref="Status"/> last changed, on the store's clock.</summary>
    public DateTimeOffset? StatusSince { get; init; }

    public int ConsecutiveFailures { get; init; }

    public int ConsecutivePasses { get; init; }

    /// <summary>When the check last ran, on the store's clock; kept current only for checks with an interval.</summary>
    public DateTimeOffset? LastRunAt { get; init; }

    public string? LastRunId { get; init; }

    /// <summary>The store's concurrency token for the stored entity; null when nothing is stored yet.</summary>
    public string? ETag { get; init; }

    public bool IsFailing => Status is CheckStatus.Fail or CheckStatus.Error;

    public static CheckState Empty(string environment, string check, string? etag = null) =>
        new() { Environment = environment, Check = check, ETag = etag };

    /// <summary>Same remembered content (the concurrency token aside): writing it again would change nothing.</summary>
    public bool SameContentAs(CheckState other) =>
        Status == other.Status
        && StatusSince == other.StatusSince
        && ConsecutiveFailures == other.ConsecutiveFailures
        && ConsecutivePasses == other.ConsecutivePasses
        && LastRunAt == other.LastRunAt;
}
