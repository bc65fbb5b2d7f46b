using System.Text.Json.Serialization;

namespace Serverless.Diag.Notifications.Payloads;

/// <summary>Source-generated serialisation of every payload (no reflection; unset properties are left out).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PagerDutyEvent))]
[JsonSerializable(typeof(TeamsMessage))]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(WebhookDocument))]
internal sealed partial class NotificationJson : JsonSerializerContext;
