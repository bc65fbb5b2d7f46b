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
    public IIncidentSink? Create(DiagConfig config, SecretRedactor secrets, Func<string, string?> environment) =>
        IncidentSinks.FromEnvironment(environment, GitHubSettings.Of(config), time, loggers, secrets, Path.GetDirectoryName(Path.GetFullPath(config.SourcePath)));
}
