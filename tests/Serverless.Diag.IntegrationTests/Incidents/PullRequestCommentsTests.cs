using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.GitHub;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Incidents;

public sealed class PullRequestCommentsTests
{
    [Fact]
    public async Task The_sticky_comment_is_created_once_then_edited_in_place()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var pull = github.AddPullRequest("Deploy v2");
        var secrets = new SecretRedactor();
        secrets.Add("hunter2-secret");
        var comments = PullRequestComments.FromEnvironment(Environment(github), TimeProvider.System, NullLoggerFactory.Instance, secrets)!;

        await comments.UpsertAsync(pull.Number, "## Diagnosis: fail\n\npassword hunter2-secret", CancellationToken.None);
        await comments.UpsertAsync(pull.Number, "## Diagnosis: pass", CancellationToken.None);
        await comments.UpsertAsync(pull.Number, "## Diagnosis: pass", CancellationToken.None);

        var comment = Assert.Single(github.CommentsOn(pull.Number));
        Assert.StartsWith("<!-- serverless-diag:pr-comment report -->", comment.Body);
        Assert.EndsWith("## Diagnosis: pass", comment.Body);
        Assert.Single(github.Requests, r => r.Method == "POST");
        Assert.Single(github.Requests, r => r.Method == "PATCH");
        Assert.DoesNotContain(github.Requests, r => r.Body.Contains("hunter2-secret", StringComparison.Ordinal));
        Assert.All(github.Requests, r => Assert.StartsWith("/api/v3/", r.Path));
    }

    [Fact]
    public async Task The_sticky_comment_is_found_on_a_later_page_among_other_comments()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var pull = github.AddPullRequest("Busy PR");
        var comments = PullRequestComments.FromEnvironment(Environment(github), TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor())!;
        await comments.UpsertAsync(pull.Number, "first", CancellationToken.None);
        var other = PullRequestComments.FromEnvironment(Environment(github), TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor(), key: "other")!;
        for (var i = 0; i < 120; i++)
        {
            await other.UpsertAsync(pull.Number, $"noise {i}", CancellationToken.None);
            // Each key keeps one comment; make real noise by creating comments under fresh keys.
            other = PullRequestComments.FromEnvironment(Environment(github), TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor(), key: $"other-{i}")!;
        }

        await comments.UpsertAsync(pull.Number, "second", CancellationToken.None);

        var mine = github.CommentsOn(pull.Number).Where(c => c.Body.StartsWith("<!-- serverless-diag:pr-comment report -->", StringComparison.Ordinal)).ToList();
        Assert.Equal(121, github.CommentsOn(pull.Number).Count);
        Assert.EndsWith("second", Assert.Single(mine).Body);
    }

    [Fact]
    public async Task A_server_error_is_retried()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var pull = github.AddPullRequest("PR");
        github.InjectFault(GitHubFault.BadGateway(), r => r.Method == "GET");
        var comments = PullRequestComments.FromEnvironment(Environment(github), TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor())!;

        await comments.UpsertAsync(pull.Number, "body", CancellationToken.None);

        Assert.Single(github.CommentsOn(pull.Number));
    }

    [Fact]
    public void Without_a_token_there_is_no_service()
    {
        Assert.Null(PullRequestComments.FromEnvironment(_ => null, TimeProvider.System, NullLoggerFactory.Instance, new SecretRedactor()));
    }

    private static Func<string, string?> Environment(FakeGitHubServer github) => name => name switch
    {
        "GITHUB_TOKEN" => "ghs_pr_token",
        "GITHUB_REPOSITORY" => github.Repository,
        "GITHUB_API_URL" => github.BaseUrl + "/api/v3",
        _ => null,
    };
}
