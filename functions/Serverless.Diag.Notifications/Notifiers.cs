using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Notifications;

/// <summary>How hosts get a notifier for a config's <c>notify:</c> channels.</summary>
public static class Notifiers
{
    /// <summary>Null when the config names no channel.</summary>
    /// <param name="environment">The process environment, for <c>${env:...}</c> in urls, keys and secrets.</param>
    /// <param name="dryRun">Print what would be sent here instead of sending it.</param>
    /// <exception cref="ConfigException">An unset variable or an invalid URL in a channel (positioned, value not shown).</exception>
    public static IIncidentNotifier? FromConfig(DiagConfig config, Func<string, string?> environment, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets, TextWriter? dryRun = null)
    {
        var settings = config.Section<NotifySettings>(NotifySection.SectionKey) ?? NotifySettings.None;
        if (settings.Channels.Count == 0)
        {
            return null;
        }

        settings = ChannelExpansion.Expand(settings, environment, secrets);

        return new Notifier(settings, CreateHttpClient(), time, secrets, loggers.CreateLogger<Notifier>(), dryRun: dryRun);
    }

    /// <summary>No redirects: a signed body or a routing key must not follow a redirect to another host.</summary>
    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
