using System.Text.Json;
using Serverless.Diag.Notifications.Config;

namespace Serverless.Diag.Notifications.Payloads;

/// <summary>The request a channel sends for a notice: body and headers (signature for webhooks).</summary>
internal static class PayloadWriter
{
    public static (byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers) Write(NotifyChannel channel, Notice notice, DateTimeOffset now)
    {
        var body = channel.Type switch
        {
            ChannelType.Teams => JsonSerializer.SerializeToUtf8Bytes(TeamsPayload.Build(notice), NotificationJson.Default.TeamsMessage),
            ChannelType.Slack => JsonSerializer.SerializeToUtf8Bytes(SlackPayload.Build(notice), NotificationJson.Default.SlackMessage),
            ChannelType.PagerDuty => JsonSerializer.SerializeToUtf8Bytes(PagerDutyPayload.Build(notice, channel.RoutingKey!), NotificationJson.Default.PagerDutyEvent),
            _ => JsonSerializer.SerializeToUtf8Bytes(WebhookPayload.Build(notice), NotificationJson.Default.WebhookDocument),
        };
        if (channel.Type != ChannelType.Webhook)
        {
            return (body, []);
        }

        var timestamp = now.ToUnixTimeSeconds();
        var headers = new List<KeyValuePair<string, string>>
        {
            new(WebhookPayload.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(WebhookPayload.EventHeader, notice.Event.Wire()),
            new(WebhookPayload.DeliveryHeader, notice.EventId),
        };
        if (!string.IsNullOrEmpty(channel.Secret))
        {
            headers.Add(new(WebhookPayload.SignatureHeader, WebhookPayload.Signature(channel.Secret, timestamp, body)));
        }

        return (body, headers);
    }
}
