namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>What a GitHub Actions runner tells a step through its environment.</summary>
internal sealed record ActionsEnvironment(
    string? OutputPath,
    string? SummaryPath,
    string? EventName,
    string? EventPath,
    string? Workspace,
    string? RunnerTemp,
    string? RunUrl)
{
    /// <summary>Null unless <c>GITHUB_ACTIONS=true</c>: outside a runner the command line behaves as everywhere else.</summary>
    public static ActionsEnvironment? Detect(Func<string, string?> env)
    {
        if (!string.Equals(env("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var server = env("GITHUB_SERVER_URL");
        var repository = env("GITHUB_REPOSITORY");
        var runId = env("GITHUB_RUN_ID");
        var runUrl = string.IsNullOrEmpty(server) || string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(runId)
            ? null
            : $"{server.TrimEnd('/')}/{repository}/actions/runs/{runId}";
        return new ActionsEnvironment(
            NullIfEmpty(env("GITHUB_OUTPUT")),
            NullIfEmpty(env("GITHUB_STEP_SUMMARY")),
            NullIfEmpty(env("GITHUB_EVENT_NAME")),
            NullIfEmpty(env("GITHUB_EVENT_PATH")),
            NullIfEmpty(env("GITHUB_WORKSPACE")),
            NullIfEmpty(env("RUNNER_TEMP")),
            runUrl);
    }

    public bool IsPullRequestEvent => EventName is "pull_request" or "pull_request_target";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
