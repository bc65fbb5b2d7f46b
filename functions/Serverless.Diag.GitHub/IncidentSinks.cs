using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub;

/// <summary>The incident sinks hosts can ask for: GitHub issues, or Markdown files in a folder.</summary>
public static class IncidentSinks
{
    /// <summary>
    /// GitHub issues, configured like GitHub Actions configures a step: <c>GITHUB_TOKEN</c>, <c>GITHUB_REPOSITORY</c>
    /// (unless <c>github.repository</c> names one) and <c>GITHUB_API_URL</c> (default https://api.github.com; a
    /// GitHub Enterprise Server URL works unchanged). Null, with the reason logged, when the token or repository is missing.
    /// </summary>
    /// <param name="templateRoot">Reserved for reading the template from a local checkout; the repository's copy is read through the contents API.</param>
    public static IIncidentSink? FromEnvironment(
        Func<string, string?> env,
        GitHubSettings settings,
        TimeProvider time,
        ILoggerFactory loggers,
        SecretRedactor secrets,
        string? templateRoot = null)
    {
        var logger = loggers.CreateLogger(typeof(IncidentSinks).FullName!);
        var connection = GitHubConnection.FromEnvironment(env, settings.Repository, logger, secrets, "file incidents");
        if (connection is null)
        {
            return null;
        }

        var local = LocalTemplate(templateRoot, settings.Template);
        return Create(connection, settings, time, loggers, secrets, new GitHubCallOptions(), local);
    }

    /// <summary>What would be filed, as Markdown files in <paramref name="directory"/>; same renderer as the issues.</summary>
    public static IIncidentSink ToDirectory(string directory, TimeProvider time, SecretRedactor secrets) => new DirectoryIncidentSink(directory, time, secrets);

    internal static IIncidentSink Create(GitHubConnection connection, GitHubSettings settings, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets, GitHubCallOptions options, string? localTemplate = null, IncidentTiming? timing = null)
    {
        var client = GitHubClientFactory.Create(connection.Repository, connection.Token, options.RequestTimeout);
        var policy = new GitHubCallPolicy(time, loggers.CreateLogger<GitHubCallPolicy>(), options);
        var gateway = new IssueGateway(client, connection.Repository, policy);
        return new GitHubIncidentSink(gateway, settings, time, loggers.CreateLogger<GitHubIncidentSink>(), secrets, timing, localTemplate);
    }

    private static string? LocalTemplate(string? root, string? template)
    {
        if (string.IsNullOrEmpty(root) || string.IsNullOrEmpty(template))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(root, template));
        // Only inside the checkout: the config must not be able to point the tool at arbitrary files.
        return full.StartsWith(Path.GetFullPath(root), StringComparison.Ordinal) && File.Exists(full) ? full : null;
    }
}
