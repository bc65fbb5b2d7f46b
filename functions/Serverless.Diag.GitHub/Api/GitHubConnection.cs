using Microsoft.Extensions.Logging;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Api;

/// <summary>The token and repository a GitHub step or Function App provides through its environment.</summary>
internal sealed record GitHubConnection(GitHubRepository Repository, string Token)
{
    public static GitHubConnection? FromEnvironment(Func<string, string?> env, string? repositoryOverride, ILogger logger, SecretRedactor secrets, string purpose)
    {
        var token = env("GITHUB_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            logger.LogWarning("Cannot {Purpose}: GITHUB_TOKEN is not set", purpose);
            return null;
        }

        secrets.Add(token);
        var repository = string.IsNullOrWhiteSpace(repositoryOverride) ? env("GITHUB_REPOSITORY") : repositoryOverride;
        if (!GitHubRepository.TryParse(repository, out var owner, out var name))
        {
            logger.LogWarning("Cannot {Purpose}: no repository (set github.repository or GITHUB_REPOSITORY to owner/name; got '{Repository}')", purpose, repository ?? string.Empty);
            return null;
        }

        var apiText = env("GITHUB_API_URL");
        if (string.IsNullOrWhiteSpace(apiText))
        {
            apiText = GitHubRepository.DefaultApiUrl.ToString();
        }

        if (!Uri.TryCreate(apiText, UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("https" or "http"))
        {
            logger.LogWarning("Cannot {Purpose}: GITHUB_API_URL '{Url}' is not an http(s) URL", purpose, apiText);
            return null;
        }

        return new GitHubConnection(new GitHubRepository(owner, name, apiUrl), token.Trim());
    }
}
