using Serverless.Diag.Configuration;

namespace Serverless.Diag.GitHub;

/// <summary>The <c>github:</c> block and the checks' <c>escalate_after</c>: where and how incidents are filed (read by <see cref="GitHubSection"/>).</summary>
public sealed record GitHubSettings : IIncidentThresholds
{
    /// <summary>owner/name; falls back to GITHUB_REPOSITORY.</summary>
    public string? Repository { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = ["incident", "synthetic-check"];

    /// <summary>Path of the repository's issue template (Markdown with front matter, or an issue form .yml).</summary>
    public string? Template { get; init; }

    /// <summary>Consecutive passing runs before an incident is closed: <c>success_threshold</c>, or its older name <c>close_after</c>.</summary>
    public int CloseAfter { get; init; } = 2;

    /// <summary>Consecutive failing runs before an incident opens (checks may set their own); above 1 it needs a state store.</summary>
    public int FailureThreshold { get; init; } = 1;

    /// <summary>Where <see cref="FailureThreshold"/> above 1 was written, for the error when no state store is configured.</summary>
    public ConfigScalar? FailureThresholdNode { get; init; }

    int IIncidentThresholds.SuccessThreshold => CloseAfter;

    /// <summary>A check failing again within this time of its issue closing reopens that issue.</summary>
    public TimeSpan ReopenWithin { get; init; } = TimeSpan.FromHours(24);

    /// <summary>While still failing, a reminder comment at most this often.</summary>
    public TimeSpan RemindEvery { get; init; } = TimeSpan.FromHours(24);

    /// <summary>More failing checks than this in one environment at once: one environment-level incident.</summary>
    public int StormThreshold { get; init; } = 10;

    /// <summary>Per-severity escalation delay (the guides: complete failure > 5 min is P0, degradation > 30 min escalates).</summary>
    public IReadOnlyDictionary<Severity, TimeSpan> EscalateAfter { get; init; } = new Dictionary<Severity, TimeSpan>();

    /// <summary>A check's own <c>escalate_after</c>, by check name; it wins over the per-severity delay.</summary>
    public IReadOnlyDictionary<string, TimeSpan> CheckEscalateAfter { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>The settings the config was loaded with, or the defaults when it has no <c>github:</c> section.</summary>
    public static GitHubSettings Of(DiagConfig config) => config.Section<GitHubSettings>(GitHubSection.SectionKey) ?? new GitHubSettings();
}
