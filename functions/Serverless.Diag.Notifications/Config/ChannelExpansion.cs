using Serverless.Diag.Configuration;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Notifications.Config;

/// <summary>
/// Expands <c>${env:...}</c> in a channel's url, routing key, events URL and secret (the section is read before any
/// environment is interpolated). Values from the environment are registered as secrets; an unset variable or a bad
/// URL is a positioned config error that never shows the value.
/// </summary>
internal static class ChannelExpansion
{
    public static NotifySettings Expand(NotifySettings settings, Func<string, string?> environment, SecretRedactor secrets)
    {
        var diagnostics = new ConfigDiagnostics();
        var interpolator = new Interpolator(new Dictionary<string, ConfigScalar>(StringComparer.Ordinal), environment, "notify", diagnostics, secrets);
        var reader = new NodeReader(diagnostics);
        var channels = new List<NotifyChannel>(settings.Channels.Count);
        foreach (var channel in settings.Channels)
        {
            string? Value(string key)
            {
                if (!channel.Sources.TryGetValue(key, out var source))
                {
                    return null;
                }

                var expanded = interpolator.Expand(source);
                if (key is "url" or "events_url")
                {
                    NotifySection.CheckUrl(expanded, $"notify '{channel.Name}': '{key}'", reader);
                }

                return expanded.Value;
            }

            var eventsUrl = Value("events_url");
            channels.Add(channel with
            {
                Url = Value("url") ?? channel.Url,
                RoutingKey = Value("routing_key") ?? channel.RoutingKey,
                Secret = Value("secret") ?? channel.Secret,
                EventsUrl = eventsUrl is not null && Uri.TryCreate(eventsUrl, UriKind.Absolute, out var events) ? events : channel.EventsUrl,
            });
        }

        diagnostics.ThrowIfAny();
        return new NotifySettings(channels);
    }
}
