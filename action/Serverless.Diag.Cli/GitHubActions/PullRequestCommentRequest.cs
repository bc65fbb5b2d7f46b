using Serverless.Diag.Secrets;

namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>
/// How the sticky pull-request comment is posted; a delegate so the mode does not depend on the GitHub client.
/// Returns null when posted, or why it was not.
/// </summary>
internal sealed record PullRequestCommentRequest(Func<int, string, SecretRedactor, CancellationToken, Task<string?>> Post);
