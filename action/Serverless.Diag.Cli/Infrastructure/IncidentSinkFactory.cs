using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>Chooses where incidents go for a command line run.</summary>
internal static class IncidentSinkFactory
{
    /// <param name="states">The run's state store, when it keeps incident states: every process then sees what the others decided (a resolve's hold, a pass lifting it).</param>
    public static IIncidentSink? Create(bool fileIssues, string? issuesDirectory, DiagConfig config, SecretRedactor secrets, CliServices services, IIncidentNotifier? notifier = null, IIncidentStateStore? states = null)
    {
        if (issuesDirectory is not null)
        {
            return IncidentSinks.ToDirectory(issuesDirectory, services.TimeProvider, secrets);
        }

        if (!fileIssues)
        {
            return null;
        }

        var templateRoot = Path.GetDirectoryName(Path.GetFullPath(config.SourcePath));
        var sink = IncidentSinks.FromEnvironment(services.Environment, GitHubSettings.Of(config), services.TimeProvider, services.LoggerFactory, secrets, templateRoot, stateStore: states, notifier: notifier);
        if (sink is null)
        {
            services.Stderr.WriteLine("warning: --file-issues needs GITHUB_TOKEN and a repository (github.repository or GITHUB_REPOSITORY); no issues filed");
        }

        return sink;
    }
}
