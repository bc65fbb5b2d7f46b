using System.Text.Json.Serialization;
using Serverless.Diag.Configuration;
using Serverless.Diag.Notifications.Config;

namespace Serverless.Diag.Notifications.Payloads;

/// <summary>
/// PagerDuty Events API v2 (POST /v2/enqueue): <c>trigger</c> for opened, escalated and reminder (the same
/// <c>dedup_key</c> keeps it one alert), <c>acknowledge</c> and <c>resolve</c> with only the key.
/// </summary>
internal static class PagerDutyPayload
{
    public static PagerDutyEvent Build(Notice notice, string routingKey)
    {
        var action = notice.Event switch
        {
            NotifyEvent.Resolved => "resolve",
            NotifyEvent.Acknowledged => "acknowledge",
            _ => "trigger",
        };
        var dedupKey = Limits.Cut(notice.Fingerprint, 255);
        if (action != "trigger")
        {
            return new PagerDutyEvent(routingKey, action, dedupKey, null, null, null, null);
        }

        var details = new PagerDutyDetails(
            notice.Event.Wire(),
            notice.Headline,
            notice.ProbableCause,
            notice.TopHint,
            [.. notice.Assertions.Select(a => a.Actual is null ? a.Expression : $"{a.Expression} (actual {a.Actual})")],
            notice.Measurements,
            notice.FailingSince,
            notice.RecentRunsLine);
        var payload = new PagerDutyBody(
            Limits.Cut(notice.Title, 1024),
            $"serverless-diag/{notice.Environment}",
            Severity(notice.Severity),
            notice.At,
            notice.Check,
            notice.Environment,
            "synthetic-check",
            details);
        var links = notice.IssueUrl is null ? null : new[] { new PagerDutyLink(notice.IssueUrl.ToString(), "GitHub issue") };
        return new PagerDutyEvent(routingKey, action, dedupKey, payload, links, "Serverless.Diag", notice.IssueUrl?.ToString());
    }

    /// <summary>P0 critical, P1 error, P2 warning, P3 info.</summary>
    public static string Severity(Severity severity) => severity switch
    {
        Configuration.Severity.P0 => "critical",
        Configuration.Severity.P1 => "error",
        Configuration.Severity.P2 => "warning",
        _ => "info",
    };
}

internal sealed record PagerDutyEvent(
    [property: JsonPropertyName("routing_key")] string RoutingKey,
    [property: JsonPropertyName("event_action")] string EventAction,
    [property: JsonPropertyName("dedup_key")] string DedupKey,
    [property: JsonPropertyName("payload")] PagerDutyBody? Payload,
    [property: JsonPropertyName("links")] IReadOnlyList<PagerDutyLink>? Links,
    [property: JsonPropertyName("client")] string? Client,
    [property: JsonPropertyName("client_url")] string? ClientUrl);

internal sealed record PagerDutyBody(
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("class")] string Class,
    [property: JsonPropertyName("custom_details")] PagerDutyDetails CustomDetails);

internal sealed record PagerDutyDetails(
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("headline")] string? Headline,
    [property: JsonPropertyName("probable_cause")] string? ProbableCause,
    [property: JsonPropertyName("next_step")] string? NextStep,
    [property: JsonPropertyName("failed_assertions")] IReadOnlyList<string> FailedAssertions,
    [property: JsonPropertyName("measurements")] IReadOnlyDictionary<string, string> Measurements,
    [property: JsonPropertyName("failing_since")] DateTimeOffset FailingSince,
    [property: JsonPropertyName("recent_runs")] string? RecentRuns);

internal sealed record PagerDutyLink(
    [property: JsonPropertyName("href")] string Href,
    [property: JsonPropertyName("text")] string Text);
