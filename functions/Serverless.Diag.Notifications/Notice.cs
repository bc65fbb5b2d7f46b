using System.Security.Cryptography;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.Notifications.Config;

namespace Serverless.Diag.Notifications;

/// <summary>
/// What one notification says, whatever the channel: built from a lifecycle event, the incident's state and the
/// run's check report. Every text in it is already redacted.
/// </summary>
public sealed record Notice
{
    /// <summary>Runs a notification lists; the incident body lists all it has (10).</summary>
    public const int RecentRunCount = 5;

    /// <summary>Stable per event (fingerprint, event, time): receivers may use it to drop a repeated delivery.</summary>
    public required string EventId { get; init; }

    public required NotifyEvent Event { get; init; }

    public required string Fingerprint { get; init; }

    public required string Environment { get; init; }

    public required string Check { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>failing or resolved.</summary>
    public required string Status { get; init; }

    /// <summary><c>[P1][staging] check: failed assertion (actual …)</c>.</summary>
    public required string Title { get; init; }

    public string? Headline { get; init; }

    public string? ProbableCause { get; init; }

    public string? TopHint { get; init; }

    public IReadOnlyList<NoticeAssertion> Assertions { get; init; } = [];

    public IReadOnlyDictionary<string, string> Measurements { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The statuses of the check's latest runs before this one, newest first (at most <see cref="RecentRunCount"/>; empty without a state store).</summary>
    public IReadOnlyList<string> RecentRuns { get; init; } = [];

    /// <summary>Whether the failure is new: "The 10 run(s) before this one passed, so this failure is new."</summary>
    public string? RecentRunsSummary { get; init; }

    /// <summary>"Runs before this one, newest first: pass, pass, fail. 1 of the 10 run(s) ..." for chat; null without runs.</summary>
    public string? RecentRunsLine => RecentRuns.Count == 0
        ? null
        : $"Runs before this one, newest first: {string.Join(", ", RecentRuns)}. {RecentRunsSummary}".TrimEnd();

    public Uri? IssueUrl { get; init; }

    public required DateTimeOffset At { get; init; }

    public required DateTimeOffset FailingSince { get; init; }

    public static string IdOf(string fingerprint, NotifyEvent e, DateTimeOffset at)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{fingerprint}|{e.Wire()}|{at.ToUnixTimeMilliseconds()}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 12));
    }
}

/// <summary>A failed assertion as notifications show it.</summary>
public sealed record NoticeAssertion(string Expression, string? Actual, string? Message);
