using Microsoft.Extensions.Logging;
using Octokit;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub;

/// <summary>
/// One sticky comment per pull request: created once, then edited in place. It is found again by a hidden marker,
/// so a re-run of the workflow updates the same comment instead of adding another.
/// </summary>
public sealed class PullRequestComments
{
    private const int MaxBody = 65_000;
    private readonly IGitHubClient _client;
    private readonly GitHubRepository _repository;
    private readonly GitHubCallPolicy _policy;
    private readonly SecretRedactor _secrets;
    private readonly string _marker;

    internal PullRequestComments(IGitHubClient client, GitHubRepository repository, GitHubCallPolicy policy, SecretRedactor secrets, string key)
    {
        _client = client;
        _repository = repository;
        _policy = policy;
        _secrets = secrets;
        _marker = $"<!-- serverless-diag:pr-comment {key} -->";
    }

    /// <summary>From GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL; null (reason logged) when they are missing.</summary>
    /// <param name="key">Tells apart several sticky comments on one pull request (e.g. one per config file).</param>
    public static PullRequestComments? FromEnvironment(Func<string, string?> env, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets, string key = "report")
    {
        var logger = loggers.CreateLogger<PullRequestComments>();
        var connection = GitHubConnection.FromEnvironment(env, null, logger, secrets, "comment on the pull request");
        return connection is null ? null : Create(connection, time, loggers, secrets, new GitHubCallOptions(), key);
    }

    internal static PullRequestComments Create(GitHubConnection connection, TimeProvider time, ILoggerFactory loggers, SecretRedactor secrets, GitHubCallOptions options, string key = "report")
    {
        var client = GitHubClientFactory.Create(connection.Repository, connection.Token, options.RequestTimeout);
        return new PullRequestComments(client, connection.Repository, new GitHubCallPolicy(time, loggers.CreateLogger<PullRequestComments>(), options), secrets, key);
    }

    /// <summary>Creates the sticky comment, or edits it when it exists. The body is redacted and kept under GitHub's limit.</summary>
    /// <exception cref="GitHubCallException">GitHub did not accept it after retries.</exception>
    public async Task UpsertAsync(int pullNumber, string markdownBody, CancellationToken cancellationToken)
    {
        var body = _marker + "\n" + _secrets.Redact(markdownBody);
        if (body.Length > MaxBody)
        {
            body = body[..MaxBody] + "\n\n_… truncated to fit GitHub's comment size limit._";
        }

        var comments = await _policy.RunAsync(
            $"list comments of #{pullNumber}",
            () => _client.Issue.Comment.GetAllForIssue(_repository.Owner, _repository.Name, pullNumber, new ApiOptions { PageSize = 100 }),
            CallSafety.Idempotent,
            cancellationToken);
        var existing = comments.FirstOrDefault(c => c.Body?.StartsWith(_marker, StringComparison.Ordinal) == true);
        if (existing is null)
        {
            await _policy.RunAsync($"comment on #{pullNumber}", () => _client.Issue.Comment.Create(_repository.Owner, _repository.Name, pullNumber, body), CallSafety.NotIdempotent, cancellationToken);
        }
        else if (existing.Body != body)
        {
            await _policy.RunAsync($"edit comment {existing.Id}", () => _client.Issue.Comment.Update(_repository.Owner, _repository.Name, existing.Id, body), CallSafety.Idempotent, cancellationToken);
        }
    }
}
