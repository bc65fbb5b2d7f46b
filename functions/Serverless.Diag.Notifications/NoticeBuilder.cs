using System.Globalization;
using Serverless.Diag.Assertions;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Secrets;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Notifications;

/// <summary>Turns a recorded delivery and its incident into what the notification says, redacted before it is cut.</summary>
internal sealed class NoticeBuilder(SecretRedactor secrets)
{
    private const int MaxMeasurements = 30;

    public Notice Build(NotificationDelivery delivery, IncidentSubject subject)
    {
        var (environment, check) = Split(subject.Fingerprint);
        var e = Enum.Parse<NotifyEvent>(delivery.Event, ignoreCase: true);
        var report = subject.Incident?.Check;
        var deploy = report?.AfterDeploy is { } link ? "; " + link.Describe() : string.Empty;
        var headline = Safe((subject.Incident?.Headline ?? (subject.State.Timeline.Count > 0 ? subject.State.Timeline[^1].Text : null)) + deploy, 1_000);
        var cause = report?.Diagnosis?.ProbableCause is { } c ? Safe($"{c.Cause} ({c.KeyEvidence})", 500) : null;
        var status = e == NotifyEvent.Resolved ? "resolved" : "failing";

        // Whether this failure is new is the reader's first question; a recovery needs no history.
        IReadOnlyList<HistoryEntry> runs = e == NotifyEvent.Resolved || report is null ? [] : report.RecentRuns;
        var title = e == NotifyEvent.Resolved
            ? $"[{delivery.Severity}][{environment}] {check}: recovered"
            : $"[{delivery.Severity}][{environment}] {check}: {headline}";
        return new Notice
        {
            EventId = delivery.EventId,
            Event = e,
            Fingerprint = Safe(subject.Fingerprint, 255),
            Environment = Safe(environment, 200),
            Check = Safe(check, 200),
            Severity = delivery.Severity,
            Status = status,
            Title = Safe(title, 1_000),
            Headline = e == NotifyEvent.Resolved ? $"Passed {subject.State.ConsecutivePasses} consecutive run(s)." : headline,
            ProbableCause = cause,
            TopHint = report is { Hints.Count: > 0 } ? Safe(report.Hints[0], 500) : null,
            Assertions = report is null ? [] : [.. report.Assertions.Where(a => !a.Passed && a.Level == AssertionLevel.Fail).Take(100)
                .Select(a => new NoticeAssertion(Safe(a.Expression, 500), a.Actual is null ? null : Safe(a.Actual, 500), a.Message is null ? null : Safe(a.Message, 500)))],
            Measurements = report is null ? new Dictionary<string, string>() : report.Measurements.Take(MaxMeasurements)
                .ToDictionary(m => Safe(m.Key, 100), m => Safe(Convert.ToString(m.Value, CultureInfo.InvariantCulture) ?? "null", 200), StringComparer.Ordinal),
            Tags = report?.Tags ?? [],
            RecentRuns = runs.Count == 0 ? [] : RecentRunsSummary.Latest(runs, Notice.RecentRunCount),
            RecentRunsSummary = RecentRunsSummary.Sentence(runs) is { } sentence ? Safe(char.ToUpperInvariant(sentence[0]) + sentence[1..], 300) : null,
            IssueUrl = subject.IncidentUrl,
            At = delivery.At,
            FailingSince = subject.State.FailingSince,
        };
    }

    private static (string Environment, string Check) Split(string fingerprint)
    {
        var slash = fingerprint.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (fingerprint, fingerprint) : (fingerprint[..slash], fingerprint[(slash + 1)..]);
    }

    /// <summary>Redact, then cut: a secret cut first would show its start.</summary>
    private string Safe(string? text, int max) => Payloads.Limits.Cut(secrets.Redact(text ?? string.Empty), max);
}
