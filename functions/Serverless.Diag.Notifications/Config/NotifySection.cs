using Serverless.Diag.Configuration;

namespace Serverless.Diag.Notifications.Config;

/// <summary>
/// <c>notify:</c>, a list of channels. Read and validated here, with positions; a URL or key that came from the
/// environment is never echoed in an error.
/// </summary>
public sealed class NotifySection : IConfigListSection
{
    public const string SectionKey = "notify";

    public string Key => SectionKey;

    public IReadOnlyList<SettingKey> Keys { get; } =
    [
        new("name", SettingKind.Text, "Unique channel name."),
        new("type", SettingKind.Text, "teams (Workflows webhook), slack (incoming webhook), pagerduty (Events API v2) or webhook (signed JSON)."),
        new("url", SettingKind.Text, "The webhook URL (teams, slack, webhook); a secret: use ${env:...}."),
        new("routing_key", SettingKind.Text, "PagerDuty integration key; a secret: use ${env:...}."),
        new("events_url", SettingKind.Text, "PagerDuty events endpoint; default https://events.pagerduty.com/v2/enqueue (EU: https://events.eu.pagerduty.com/v2/enqueue)."),
        new("secret", SettingKind.Text, "Webhook signing secret: X-Serverless-Diag-Signature is sha256=HMAC-SHA256 of 'timestamp.body'."),
        new("severities", SettingKind.List, "Only incidents of these severities (P0..P3)."),
        new("environments", SettingKind.List, "Only incidents in these environments."),
        new("checks", SettingKind.List, "Only incidents of these checks (or of checks with one of 'tags')."),
        new("tags", SettingKind.List, "Only incidents of checks with one of these tags (or named in 'checks')."),
        new("events", SettingKind.List, "opened, escalated, reminder, resolved, acknowledged; default all but reminder."),
    ];

    public IReadOnlyList<SettingKey> CheckKeys { get; } = [];

    public object Read(ConfigMapping? block, IReadOnlyList<SectionCheck> checks, NodeReader reader) => NotifySettings.None;

    public object ReadList(ConfigSequence? block, NodeReader reader)
    {
        if (block is null)
        {
            return NotifySettings.None;
        }

        var channels = new List<NotifyChannel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in block.Items)
        {
            if (reader.Mapping(item, "a 'notify' entry") is not { } entry)
            {
                continue;
            }

            reader.UnknownKeys(entry, Keys.Select(k => k.Name), "'notify' entry");
            if (ReadChannel(entry, reader) is { } channel)
            {
                if (!names.Add(channel.Name))
                {
                    reader.Diagnostics.Add(entry["name"]!, $"notify channel '{channel.Name}' is defined twice");
                    continue;
                }

                channels.Add(channel);
            }
        }

        return new NotifySettings(channels);
    }

    private static NotifyChannel? ReadChannel(ConfigMapping entry, NodeReader reader)
    {
        var name = reader.Scalar(entry["name"], "'notify.name'");
        if (name is null || name.Value.Length == 0)
        {
            reader.Diagnostics.Add(entry, "a 'notify' entry needs 'name'");
            return null;
        }

        var what = $"notify '{name.Value}'";
        var typeNode = reader.Scalar(entry["type"], $"{what}: 'type'");
        ChannelType? type = typeNode?.Value switch
        {
            "teams" => ChannelType.Teams,
            "slack" => ChannelType.Slack,
            "pagerduty" => ChannelType.PagerDuty,
            "webhook" => ChannelType.Webhook,
            _ => null,
        };
        if (type is null)
        {
            reader.Diagnostics.Add((ConfigNode?)typeNode ?? entry, $"{what}: 'type' must be teams, slack, pagerduty or webhook");
            return null;
        }

        var url = reader.Scalar(entry["url"], $"{what}: 'url'");
        var routingKey = reader.Scalar(entry["routing_key"], $"{what}: 'routing_key'");
        var eventsUrl = reader.Scalar(entry["events_url"], $"{what}: 'events_url'");
        var secret = reader.Scalar(entry["secret"], $"{what}: 'secret'");
        if (type == ChannelType.PagerDuty)
        {
            Require(routingKey, entry, $"{what}: pagerduty needs 'routing_key'", reader);
            CheckUrl(eventsUrl, $"{what}: 'events_url'", reader);
        }
        else
        {
            Require(url, entry, $"{what}: {type.Value.ToString().ToLowerInvariant()} needs 'url'", reader);
            CheckUrl(url, $"{what}: 'url'", reader);
        }

        var sources = new Dictionary<string, ConfigScalar>(StringComparer.Ordinal);
        foreach (var (key, scalar) in new[] { ("url", url), ("routing_key", routingKey), ("events_url", eventsUrl), ("secret", secret) })
        {
            if (scalar is not null)
            {
                sources[key] = scalar;
            }
        }

        return new NotifyChannel
        {
            Name = name.Value,
            Sources = sources,
            Type = type.Value,
            Url = url?.Value,
            RoutingKey = routingKey?.Value,
            EventsUrl = eventsUrl is not null && Uri.TryCreate(eventsUrl.Value, UriKind.Absolute, out var events) ? events : null,
            Secret = secret?.Value,
            Severities = Set<Severity>(entry["severities"], $"{what}: 'severities'", reader, s => SeverityExtensions.TryParse(s, out var v) ? v : (Severity?)null, "a severity (P0, P1, P2, P3)"),
            Environments = Names(entry["environments"], $"{what}: 'environments'", reader),
            Checks = Names(entry["checks"], $"{what}: 'checks'", reader),
            Tags = Names(entry["tags"], $"{what}: 'tags'", reader),
            Events = Set<NotifyEvent>(entry["events"], $"{what}: 'events'", reader, s => Enum.TryParse<NotifyEvent>(s, ignoreCase: true, out var v) && s == v.Wire() ? v : (NotifyEvent?)null, "an event (opened, escalated, reminder, resolved, acknowledged)")
                ?? NotifyEvents.Default,
        };
    }

    private static void Require(ConfigScalar? value, ConfigMapping entry, string message, NodeReader reader)
    {
        if (value is null || value.Value.Length == 0)
        {
            reader.Diagnostics.Add((ConfigNode?)value ?? entry, message);
        }
    }

    /// <summary>http(s) only; the value itself is never shown (it is usually a secret).</summary>
    internal static void CheckUrl(ConfigScalar? value, string what, NodeReader reader)
    {
        // A ${...} reference is checked once expanded, when a host starts notifying.
        if (value is null || value.Value.Length == 0 || value.Value.Contains("${", StringComparison.Ordinal))
        {
            return;
        }

        if (!Uri.TryCreate(value.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            reader.Diagnostics.Add(value, $"{what} must be an absolute http(s) URL");
        }
    }

    private static HashSet<string>? Names(ConfigNode? node, string what, NodeReader reader) =>
        node is null ? null : reader.Names(node, what).Select(s => s.Value).ToHashSet(StringComparer.Ordinal);

    private static HashSet<T>? Set<T>(ConfigNode? node, string what, NodeReader reader, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (node is null)
        {
            return null;
        }

        var set = new HashSet<T>();
        foreach (var scalar in reader.Names(node, what))
        {
            if (parse(scalar.Value) is { } value)
            {
                set.Add(value);
            }
            else
            {
                reader.Diagnostics.Add(scalar, $"{what}: '{scalar.Value}' is not {expected}");
            }
        }

        return set;
    }
}
