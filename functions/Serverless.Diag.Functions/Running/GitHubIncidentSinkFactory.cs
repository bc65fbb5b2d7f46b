using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Functions.Running;

/// <summary>GitHub issues from GITHUB_TOKEN, GITHUB_REPOSITORY (or the config's repository) and GITHUB_API_URL.</summary>
public sealed class GitHubIncidentSinkFactory(Func<string, string?> environment) : IIncidentSinkFactory
{
    // Until Serverless.Diag.GitHub.IncidentSinks lands on main: no sink, so runs report "not configured".
    public IIncidentSink? Create(DiagConfig config, SecretRedactor secrets)
    {
        _ = environment;
        _ = config;
        _ = secrets;
        return null;
    }
}
