namespace Serverless.Diag.Notifications.Config;

/// <summary>Where a channel delivers.</summary>
public enum ChannelType
{
    /// <summary>A Microsoft Teams Workflows webhook: an Adaptive Card message.</summary>
    Teams,

    /// <summary>A Slack incoming webhook: Block Kit with fallback text.</summary>
    Slack,

    /// <summary>PagerDuty Events API v2: trigger and resolve with the incident fingerprint as dedup_key.</summary>
    PagerDuty,

    /// <summary>A generic webhook: the documented JSON document, signed with HMAC-SHA256 when a secret is set.</summary>
    Webhook,
}
