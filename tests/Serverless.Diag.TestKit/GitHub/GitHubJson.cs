using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Diag.TestKit.GitHub;

/// <summary>
/// Answers shaped like the real API: each body starts from a documented example (GitHub/Reference/*.json,
/// from github/rest-api-description) and only the fields the fake owns are patched.
/// </summary>
internal static class GitHubJson
{
    private static readonly JsonObject IssueExample = Load("issues-create.json");
    private static readonly JsonObject CommentExample = Load("issues-create-comment.json");
    private static readonly JsonObject LabelExample = (JsonObject)IssueExample["labels"]![0]!;

    public static JsonObject Issue(FakeIssue issue, string baseUrl, string repo)
    {
        var json = (JsonObject)IssueExample.DeepClone();
        var api = $"{baseUrl}/api/v3/repos/{repo}/issues/{issue.Number}";
        json["id"] = 1000 + issue.Number;
        json["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"I_{issue.Number}"));
        json["url"] = api;
        json["repository_url"] = $"{baseUrl}/api/v3/repos/{repo}";
        json["labels_url"] = api + "/labels{/name}";
        json["comments_url"] = api + "/comments";
        json["events_url"] = api + "/events";
        json["html_url"] = $"{baseUrl}/{repo}/issues/{issue.Number}";
        json["number"] = issue.Number;
        json["state"] = issue.State;
        json["state_reason"] = issue.StateReason;
        json["title"] = issue.Title;
        json["body"] = issue.Body;
        json["labels"] = new JsonArray([.. issue.Labels.Select(l => (JsonNode)Label(l, baseUrl, repo))]);
        var user = json["user"]!;
        json["assignees"] = new JsonArray([.. issue.Assignees.Select(a => (JsonNode)User(user, a))]);
        json["assignee"] = issue.Assignees.Count > 0 ? User(user, issue.Assignees[0]) : null;
        json["milestone"] = null;
        json["locked"] = false;
        json["active_lock_reason"] = null;
        json["comments"] = issue.Comments.Count;
        json["pull_request"] = issue.IsPullRequest
            ? new JsonObject { ["url"] = $"{baseUrl}/api/v3/repos/{repo}/pulls/{issue.Number}", ["html_url"] = $"{baseUrl}/{repo}/pull/{issue.Number}" }
            : null;
        if (!issue.IsPullRequest)
        {
            json.Remove("pull_request");
        }

        json["created_at"] = Time(issue.CreatedAt);
        json["updated_at"] = Time(issue.UpdatedAt);
        json["closed_at"] = issue.ClosedAt is { } closed ? Time(closed) : null;
        json["closed_by"] = issue.IsOpen ? null : json["closed_by"]?.DeepClone();
        return json;
    }

    public static JsonObject Comment(FakeComment comment, string baseUrl, string repo)
    {
        var json = (JsonObject)CommentExample.DeepClone();
        json["id"] = comment.Id;
        json["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"IC_{comment.Id}"));
        json["url"] = $"{baseUrl}/api/v3/repos/{repo}/issues/comments/{comment.Id}";
        json["html_url"] = $"{baseUrl}/{repo}/issues/{comment.IssueNumber}#issuecomment-{comment.Id}";
        json["issue_url"] = $"{baseUrl}/api/v3/repos/{repo}/issues/{comment.IssueNumber}";
        json["body"] = comment.Body;
        json["created_at"] = Time(comment.CreatedAt);
        json["updated_at"] = Time(comment.UpdatedAt);
        json["user"]!["login"] = comment.Login;
        json["user"]!["id"] = 10_000L + (StableHash(comment.Login) & 0xFFFFF);
        json["user"]!["html_url"] = $"https://github.com/{comment.Login}";
        json["user"]!["url"] = $"{baseUrl}/api/v3/users/{comment.Login}";
        json["author_association"] = comment.AuthorAssociation;

        // The reactions rollup the REST API adds to every comment.
        var reactions = new JsonObject { ["url"] = $"{baseUrl}/api/v3/repos/{repo}/issues/comments/{comment.Id}/reactions", ["total_count"] = comment.Reactions.Count };
        foreach (var content in new[] { "+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes" })
        {
            reactions[content] = comment.Reactions.Count(r => r.Content == content);
        }

        json["reactions"] = reactions;
        return json;
    }

    /// <summary>A reaction as <c>POST .../reactions</c> returns it.</summary>
    public static JsonObject Reaction(long id, string content, string login, DateTimeOffset at) => new()
    {
        ["id"] = id,
        ["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"REA_{id}")),
        ["user"] = new JsonObject { ["login"] = login, ["id"] = 10_000L + (StableHash(login) & 0xFFFFF), ["type"] = "Bot", ["site_admin"] = false },
        ["content"] = content,
        ["created_at"] = Time(at),
    };

    public static JsonObject Label(string name, string baseUrl, string repo)
    {
        var json = (JsonObject)LabelExample.DeepClone();
        json["id"] = 200_000_000L + (StableHash(name) & 0xFFFFFF);
        json["name"] = name;
        json["url"] = $"{baseUrl}/api/v3/repos/{repo}/labels/{Uri.EscapeDataString(name)}";
        json["description"] = null;
        json["color"] = "ededed";
        json["default"] = false;
        return json;
    }

    /// <summary>The contents API's answer for a file (documented shape: base64 with line breaks every 60 characters).</summary>
    public static JsonObject File(string path, string text, string baseUrl, string repo)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var base64 = Convert.ToBase64String(bytes);
        var wrapped = string.Join('\n', Enumerable.Range(0, (base64.Length + 59) / 60).Select(i => base64.Substring(i * 60, Math.Min(60, base64.Length - (i * 60))))) + "\n";
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..40];
        var url = $"{baseUrl}/api/v3/repos/{repo}/contents/{path}?ref=main";
        return new JsonObject
        {
            ["type"] = "file",
            ["encoding"] = "base64",
            ["size"] = bytes.Length,
            ["name"] = Path.GetFileName(path),
            ["path"] = path,
            ["content"] = wrapped,
            ["sha"] = sha,
            ["url"] = url,
            ["git_url"] = $"{baseUrl}/api/v3/repos/{repo}/git/blobs/{sha}",
            ["html_url"] = $"{baseUrl}/{repo}/blob/main/{path}",
            ["download_url"] = $"{baseUrl}/raw/{repo}/main/{path}",
            ["_links"] = new JsonObject { ["self"] = url, ["git"] = $"{baseUrl}/api/v3/repos/{repo}/git/blobs/{sha}", ["html"] = $"{baseUrl}/{repo}/blob/main/{path}" },
        };
    }

    public static JsonObject Error(string message, string documentation, JsonArray? errors = null)
    {
        var json = new JsonObject { ["message"] = message };
        if (errors is not null)
        {
            json["errors"] = errors;
        }

        json["documentation_url"] = documentation;
        return json;
    }

    private static JsonObject User(JsonNode template, string login)
    {
        var user = (JsonObject)template.DeepClone();
        user["login"] = login;
        user["id"] = 10_000 + (StableHash(login) & 0xFFFF);
        user["url"] = $"https://api.github.com/users/{login}";
        user["html_url"] = $"https://github.com/{login}";
        return user;
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));

    private static JsonObject Load(string name) => (JsonObject)GitHubReferenceExamples.Load(name);
}
