using System.Globalization;
using Serverless.Diag.Cli.GitHubActions;
using Serverless.Diag.State.Deployments;

namespace Serverless.Diag.Cli.Infrastructure;

/// <summary>
/// <c>--deployment sha=...,ref=...,pr=...</c>, or <c>--deployment github</c> in a GitHub Actions step: the commit from
/// <c>GITHUB_SHA</c>, the ref from <c>GITHUB_REF</c>, the pull request from the event payload.
/// </summary>
internal static class DeploymentArgument
{
    public const string FromGitHub = "github";

    private const int MaxLength = 255;

    /// <exception cref="ArgumentException">The value is malformed, or <c>github</c> outside a runner.</exception>
    public static async Task<Deployment?> ResolveAsync(string? value, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Trim() == FromGitHub)
        {
            return await FromActionsAsync(environment, cancellationToken);
        }

        string? sha = null, reference = null;
        int? pr = null;
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? part : part[..equals].Trim();
            var text = equals < 0 ? string.Empty : part[(equals + 1)..].Trim();
            switch (key)
            {
                case "sha":
                    sha = Checked(text, "sha");
                    break;
                case "ref":
                    reference = Checked(text, "ref");
                    break;
                case "pr":
                    pr = PullRequest(text);
                    break;
                default:
                    throw new ArgumentException($"--deployment takes sha=<commit>,ref=<ref>,pr=<number> (or 'github' in a GitHub Actions step), not '{key}'");
            }
        }

        return sha is null
            ? throw new ArgumentException("--deployment needs sha=<commit> (ref= and pr= are optional)")
            : new Deployment(sha, reference, pr);
    }

    private static async Task<Deployment> FromActionsAsync(Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var actions = ActionsEnvironment.Detect(environment);
        if (actions is null || string.IsNullOrWhiteSpace(environment("GITHUB_SHA")))
        {
            throw new ArgumentException("--deployment github reads GITHUB_SHA in a GitHub Actions step; elsewhere pass --deployment sha=<commit>,ref=<ref>,pr=<number>");
        }

        var pr = actions.IsPullRequestEvent && actions.EventPath is { } path ? await PullRequestEvent.ReadNumberAsync(path, cancellationToken) : null;
        var reference = environment("GITHUB_REF");
        return new Deployment(Checked(environment("GITHUB_SHA")!, "sha"), string.IsNullOrWhiteSpace(reference) ? null : Checked(reference, "ref"), pr);
    }

    private static string Checked(string text, string key)
    {
        if (text.Length == 0 || text.Length > MaxLength || text.Any(char.IsControl) || text.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"--deployment {key}= must be 1 to {MaxLength} characters without spaces or control characters");
        }

        return text;
    }

    private static int PullRequest(string text) =>
        int.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"--deployment pr= must be a pull request number such as 42, not '{text}'");
}
