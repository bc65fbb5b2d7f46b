using System.Text;
using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.GitHub;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>Posts the sticky pull-request comment through <see cref="PullRequestComments"/>.</summary>
internal static class PullRequestCommentPoster
{
    public static PullRequestCommentRequest Create(CliServices services, RunPlan plan)
    {
        var key = Key(plan);
        return new PullRequestCommentRequest(async (number, body, secrets, cancellationToken) =>
        {
            var comments = PullRequestComments.FromEnvironment(services.Environment, services.TimeProvider, services.LoggerFactory, secrets, key);
            if (comments is null)
            {
                return "GITHUB_TOKEN, GITHUB_REPOSITORY or GITHUB_API_URL is missing or invalid (see the log above)";
            }

            try
            {
                await comments.UpsertAsync(number, body, cancellationToken);
                return null;
            }
            catch (GitHubCallException e)
            {
                return $"GitHub refused the pull-request comment: {e.Message}";
            }
        });
    }

    /// <summary>
    /// One sticky comment per config and environment selection, so two gates on one pull request (staging and a
    /// preview, say) keep a comment each. Only characters that cannot end the hidden HTML marker.
    /// </summary>
    internal static string Key(RunPlan plan)
    {
        var config = Path.GetFileName(plan.Config.SourcePath);
        var environments = string.Join(',', plan.Environments.Select(e => e.Environment.Name));
        var key = new StringBuilder();
        foreach (var c in $"{config}:{environments}")
        {
            key.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ',' or ':' or '/' ? c : '_');
        }

        return key.ToString();
    }
}
