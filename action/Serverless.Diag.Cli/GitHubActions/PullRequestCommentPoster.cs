using Serverless.Diag.Cli.Infrastructure;
using Serverless.Diag.Running;

namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>Posts the sticky pull-request comment through Serverless.Diag.GitHub.</summary>
internal static class PullRequestCommentPoster
{
    // TEMPORARY until Serverless.Diag.GitHub.PullRequestComments is on main.
    public static PullRequestCommentRequest Create(CliServices services, RunPlan plan)
    {
        _ = (services, plan);
        return new PullRequestCommentRequest((_, _, _, _) => Task.FromResult<string?>("pull-request comments are not available in this build"));
    }
}
