using Serverless.Diag.Configuration;

namespace Serverless.Diag.Notifications.Config;

/// <summary>One entry of <c>notify:</c>. Url, routing key and secret are secrets wherever they came from.</summary>
public sealed record NotifyChannel
{
    public required string Name { get; init; }

    public required ChannelType Type { get; init; }

    /// <summary>The webhook URL (Teams, Slack, webhook).</summary>
    public string? Url { get; init; }

    /// <summary>PagerDuty integration key.</summary>
    public string? RoutingKey { get; init; }

    /// <summary>PagerDuty events endpoint (EU accounts, tests); default https://events.pagerduty.com/v2/enqueue.</summary>
    public Uri? EventsUrl { get; init; }

    /// <summary>Webhook signing secret (HMAC-SHA256).</summary>
    public string? Secret { get; init; }

    /// <summary>Where url, routing_key, events_url and secret were written, for <c>${env:...}</c> expansion when a host starts notifying.</summary>
    internal IReadOnlyDictionary<string, ConfigScalar> Sources { get; init; } = new Dictionary<string, ConfigScalar>();

    public IReadOnlySet<Severity>? Severities { get; init; }

    public IReadOnlySet<string>? Environments { get; init; }

    public IReadOnlySet<string>? Checks { get; init; }

    public IReadOnlySet<string>? Tags { get; init; }

    public IReadOnlySet<NotifyEvent> Events { get; init; } = NotifyEvents.Default;

    public static readonly Uri DefaultPagerDutyUrl = new("https://events.pagerduty.com/v2/enqueue");

    /// <summary>Where this channel's requests go.</summary>
    public Uri Endpoint => Type == ChannelType.PagerDuty ? EventsUrl ?? DefaultPagerDutyUrl : new Uri(Url!);

    /// <summary>The values to mask everywhere.</summary>
    public IEnumerable<string> SecretValues => new[] { Url, RoutingKey, Secret, EventsUrl?.OriginalString }.OfType<string>().Where(s => s.Length > 0);

    /// <summary>Whether this channel wants the notice (filters: events, severities, environments, checks or tags).</summary>
    public bool Wants(Notice notice)
    {
        if (!Events.Contains(notice.Event)
            || (Severities is not null && !Severities.Contains(notice.Severity))
            || (Environments is not null && !Environments.Contains(notice.Environment)))
        {
            return false;
        }

        // checks and tags widen each other: a check named, or one carrying a named tag.
        if (Checks is null && Tags is null)
        {
            return true;
        }

        return (Checks?.Contains(notice.Check) ?? false) || (Tags is not null && notice.Tags.Any(Tags.Contains));
    }
}

/// <summary>What <c>notify:</c> read.</summary>
public sealed record NotifySettings(IReadOnlyList<NotifyChannel> Channels)
{
    public static NotifySettings None { get; } = new([]);
}
