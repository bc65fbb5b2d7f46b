using Microsoft.Extensions.Logging;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.Incidents;
using Serverless.Diag.Secrets;
using Serverless.Diag.Sinks.StatusPage;

namespace Serverless.Diag.GitHub.Reports;

/// <summary>The open incident issues, for the status page: title, link, severity and since when, per environment and check.</summary>
public sealed class GitHubOpenIncidents : IOpenIncidentSource
{
    private readonly IssueGateway _issues;
    private readonly IReadOnlyList<string> _labels;

    private GitHubOpenIncidents(IssueGateway issues, IReadOnlyList<string> labels)
    {
        _issues = issues;
        _labels = labels;
    }

    /// <summary>Null (the reason logged at Debug: a page without links is still a page) without GITHUB_TOKEN and a repository.</summary>
    public static GitHubOpenIncidents? FromEnvironment(Func<string, string?> env, GitHubSettings settings, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        if (string.IsNullOrEmpty(env("GITHUB_TOKEN")))
        {
            return null;
        }

        var connection = GitHubConnection.FromEnvironment(env, settings.Repository, loggers.CreateLogger<GitHubOpenIncidents>(), secrets, "link the status page's incidents");
        if (connection is null)
        {
            return null;
        }

        var options = new GitHubCallOptions();
        var client = GitHubClientFactory.Create(connection.Repository, connection.Token, options.RequestTimeout);
        return new GitHubOpenIncidents(new IssueGateway(client, connection.Repository, new GitHubCallPolicy(time, loggers.CreateLogger<GitHubCallPolicy>(), options), secrets), settings.Labels);
    }

    public async Task<IReadOnlyList<OpenIncident>> ListOpenAsync(CancellationToken cancellationToken)
    {
        var issues = await _issues.ListOpenAsync(_labels, cancellationToken);
        var open = new List<OpenIncident>();
        foreach (var issue in issues)
        {
            var slash = issue.Fingerprint!.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0)
            {
                continue;
            }

            var environment = issue.Fingerprint[..slash];
            var check = issue.Fingerprint[(slash + 1)..];
            open.Add(new OpenIncident(
                environment,
                check == IncidentFingerprint.StormCheck ? "many checks" : check,
                issue.Title,
                issue.State?.FailingSince ?? issue.CreatedAt,
                issue.HtmlUrl,
                issue.State is { } state ? state.Severity.ToString() : null));
        }

        return open;
    }
}
