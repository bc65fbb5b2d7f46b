using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>GitHub issues from GITHUB_TOKEN, GITHUB_REPOSITORY (or the config's repository) and GITHUB_API_URL.</summary>
public sealed class GitHubIncidentSinkFactory(TimeProvider time, ILoggerFactory loggers) : IIncidentSinkFactory
{
    // The template path in the config is relative to the config file, which sits at the app root.
    // The timer notifies the notify: channels from the same lifecycle (DIAG_NOTIFY=false turns it off).
    public IIncidentSink? Create(DiagConfig config, SecretRedactor secrets, Func<string, string?> environment) =>
        IncidentSinks.FromEnvironment(
            environment,
            GitHubSettings.Of(config),
            time,
            loggers,
            secrets,
            Path.GetDirectoryName(Path.GetFullPath(config.SourcePath)),
            notifier: Notifier(config, secrets, environment));

    private Incidents.IIncidentNotifier? Notifier(DiagConfig config, SecretRedactor secrets, Func<string, string?> environment)
    {
        if (string.Equals(environment("DIAG_NOTIFY"), "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return Notifications.Notifiers.FromConfig(config, environment, time, loggers, secrets);
        }
        catch (ConfigException e)
        {
            // The run and its incidents go on; the channels' problem is logged (values never shown).
            loggers.CreateLogger<GitHubIncidentSinkFactory>().LogError("notify: channels not used: {Problems}", string.Join("; ", e.Errors));
            return null;
        }
    }
}
