using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// GitHub issues from GITHUB_TOKEN, GITHUB_REPOSITORY (or the config's repository) and GITHUB_API_URL. Without
/// GitHub, a state store (DIAG_STATE) keeps the incident lifecycle for the notify: channels alone.
/// </summary>
/// <param name="store">DIAG_STATE opened by the host: incident states kept there are shared by every instance and process.</param>
public sealed class GitHubIncidentSinkFactory(TimeProvider time, ILoggerFactory loggers, State.IStateStore? store = null) : IIncidentSinkFactory
{
    // The template path in the config is relative to the config file, which sits at the app root.
    // The timer notifies the notify: channels from the same lifecycle (DIAG_NOTIFY=false turns it off).
    public IIncidentSink? Create(DiagConfig config, SecretRedactor secrets, Func<string, string?> environment)
    {
        var notifier = Notifier(config, secrets, environment);
        var issues = IncidentSinks.FromEnvironment(
            environment,
            GitHubSettings.Of(config),
            time,
            loggers,
            secrets,
            Path.GetDirectoryName(Path.GetFullPath(config.SourcePath)),
            stateStore: store as IIncidentStateStore,
            notifier: notifier);
        if (issues is not null || notifier is null)
        {
            return issues;
        }

        try
        {
            return (store ?? StateStores.Open(StateStores.Setting(null, environment), time, secrets)) is IIncidentStateStore lifecycle
                ? IncidentSinks.WithoutIssues(lifecycle, notifier, GitHubSettings.Of(config), time, loggers, secrets)
                : null;
        }
        catch (ArgumentException e)
        {
            loggers.CreateLogger<GitHubIncidentSinkFactory>().LogError("notify: no incident lifecycle to follow: {Problem}", secrets.Redact(e.Message));
            return null;
        }
    }

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
