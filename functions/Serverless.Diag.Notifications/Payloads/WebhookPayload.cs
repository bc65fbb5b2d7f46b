using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Serverless.Diag.Notifications.Config;

namespace Serverless.Diag.Notifications.Payloads;

/// <summary>The generic webhook document (schema: docs/notification.schema.json) and its signature.</summary>
internal static class WebhookPayload
{
    public const string SchemaId = "serverless-diag.notification/v1";
    public const string SignatureHeader = "X-Serverless-Diag-Signature";
    public const string TimestampHeader = "X-Serverless-Diag-Timestamp";
    public const string EventHeader = "X-Serverless-Diag-Event";
    public const string DeliveryHeader = "X-Serverless-Diag-Delivery";

    public static WebhookDocument Build(Notice notice) => new(
        SchemaId,
        notice.EventId,
        notice.Event.Wire(),
        notice.Fingerprint,
        notice.Environment,
        notice.Check,
        notice.Severity.ToString(),
        notice.Status,
        notice.Title,
        notice.Headline,
        notice.ProbableCause,
        [.. notice.Assertions.Select(a => new WebhookAssertion(a.Expression, a.Actual, a.Message))],
        notice.Measurements,
        notice.IssueUrl?.ToString(),
        new WebhookTimestamps(notice.At, notice.FailingSince),
        notice.RecentRuns.Count == 0 ? null : new WebhookRecentRuns(notice.RecentRuns, notice.RecentRunsSummary));

    /// <summary><c>sha256=</c> + lower-case hex of HMAC-SHA256(secret, "{timestamp}.{body}").</summary>
    public static string Signature(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}

internal sealed record WebhookDocument(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("environment")] string Environment,
    [property: JsonPropertyName("check")] string Check,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("headline")] string? Headline,
    [property: JsonPropertyName("probable_cause")] string? ProbableCause,
    [property: JsonPropertyName("assertions")] IReadOnlyList<WebhookAssertion> Assertions,
    [property: JsonPropertyName("measurements")] IReadOnlyDictionary<string, string> Measurements,
    [property: JsonPropertyName("issue_url")] string? IssueUrl,
    [property: JsonPropertyName("timestamps")] WebhookTimestamps Timestamps,
    [property: JsonPropertyName("recent_runs")] WebhookRecentRuns? RecentRuns);

internal sealed record WebhookAssertion(
    [property: JsonPropertyName("expression")] string Expression,
    [property: JsonPropertyName("actual")] string? Actual,
    [property: JsonPropertyName("message")] string? Message);

internal sealed record WebhookTimestamps(
    [property: JsonPropertyName("event")] DateTimeOffset Event,
    [property: JsonPropertyName("failing_since")] DateTimeOffset FailingSince);

internal sealed record WebhookRecentRuns(
    [property: JsonPropertyName("statuses")] IReadOnlyList<string> Statuses,
    [property: JsonPropertyName("summary")] string? Summary);
