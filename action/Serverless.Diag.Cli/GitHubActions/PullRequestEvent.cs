using System.Text.Json;

namespace Serverless.Diag.Cli.GitHubActions;

/// <summary>The pull request a <c>pull_request</c> event's payload (<c>GITHUB_EVENT_PATH</c>) is about.</summary>
internal static class PullRequestEvent
{
    /// <returns>The pull request's number, or null when the payload has none or cannot be read.</returns>
    public static async Task<int?> ReadNumberAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            using var payload = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var root = payload.RootElement;
            if (root.TryGetProperty("pull_request", out var pull) && pull.TryGetProperty("number", out var number) && number.TryGetInt32(out var fromPull))
            {
                return fromPull;
            }

            return root.TryGetProperty("number", out var top) && top.TryGetInt32(out var fromTop) ? fromTop : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
