using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Serverless.Diag.TestKit.GitHub;

/// <summary>The fake's repository: issues, comments, labels, files; and the REST routes over them, with GitHub's validation limits.</summary>
internal sealed partial class FakeGitHubStore(string repository, TimeProvider time)
{
    private const int MaxBody = 65_536;
    private const int MaxTitle = 256;
    private const string Docs = "https://docs.github.com/rest/issues";
    private readonly Lock _gate = new();
    private readonly List<FakeIssue> _issues = [];
    private long _nextCommentId = 1;

    public string Repository => repository;

    /// <summary>The login the token belongs to: the author of everything the sink writes.</summary>
    public const string TokenUser = "serverless-diag[bot]";

    private static readonly string[] ReactionContents = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];

    public ConcurrentDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>A comment written by someone else (a person on call, a stranger), as GitHub would store it.</summary>
    public FakeComment AddComment(int number, string body, string login, string association)
    {
        lock (_gate)
        {
            var issue = _issues.First(i => i.Number == number);
            var now = time.GetUtcNow();
            var comment = new FakeComment { Id = _nextCommentId++, IssueNumber = number, Body = body, CreatedAt = now, UpdatedAt = now, Login = login, AuthorAssociation = association };
            issue.Comments.Add(comment);
            return comment;
        }
    }

    public IReadOnlyList<FakeIssue> Snapshot()
    {
        lock (_gate)
        {
            return [.. _issues];
        }
    }

    public FakeIssue? Find(int number)
    {
        lock (_gate)
        {
            return _issues.FirstOrDefault(i => i.Number == number);
        }
    }

    public FakeIssue Create(string title, string? body, List<string> labels, List<string> assignees, bool pullRequest)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var issue = new FakeIssue
            {
                Number = _issues.Count + 1,
                Title = title,
                Body = body,
                Labels = labels,
                Assignees = assignees,
                CreatedAt = now,
                UpdatedAt = now,
                IsPullRequest = pullRequest,
            };
            _issues.Add(issue);
            return issue;
        }
    }

    public FakeAnswer Handle(RecordedRequest request, string baseUrl)
    {
        var match = Route().Match(request.Path);
        if (!match.Success || $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}" != repository)
        {
            return NotFound();
        }

        var rest = match.Groups["rest"].Value;
        var query = QueryHelpers.ParseQuery(request.Query);
        try
        {
            lock (_gate)
            {
                return (request.Method, rest) switch
                {
                    ("GET", "/issues") => List(query, baseUrl, request),
                    ("POST", "/issues") => CreateIssue(Parse(request.Body), baseUrl),
                    ("GET", "/labels") => FakeAnswer.Json(200, new JsonArray([.. _issues.SelectMany(i => i.Labels).Distinct().Select(l => (JsonNode)GitHubJson.Label(l, baseUrl, repository))])),
                    _ when rest.StartsWith("/contents/", StringComparison.Ordinal) && request.Method == "GET" => Content(Uri.UnescapeDataString(rest["/contents/".Length..]), baseUrl),
                    _ => IssueRoutes(request, rest, baseUrl),
                };
            }
        }
        catch (JsonException)
        {
            return FakeAnswer.Error(400, "Problems parsing JSON", Docs);
        }
    }

    private FakeAnswer IssueRoutes(RecordedRequest request, string rest, string baseUrl)
    {
        var reactionMatch = ReactionRoute().Match(rest);
        if (reactionMatch.Success && request.Method == "POST")
        {
            var id = long.Parse(reactionMatch.Groups["id"].Value, CultureInfo.InvariantCulture);
            var target = _issues.SelectMany(i => i.Comments).FirstOrDefault(c => c.Id == id);
            if (target is null)
            {
                return NotFound();
            }

            var content = Parse(request.Body)["content"]?.GetValue<string>();
            if (content is null || !ReactionContents.Contains(content))
            {
                return FakeAnswer.Error(422, "Validation Failed", Docs, [new JsonObject { ["resource"] = "Reaction", ["code"] = "invalid", ["field"] = "content" }]);
            }

            // GitHub answers 200 with the existing reaction when the same user reacts the same way twice.
            var existing = target.Reactions.FindIndex(r => r.Content == content && r.Login == TokenUser);
            if (existing < 0)
            {
                target.Reactions.Add((content, TokenUser));
            }

            return FakeAnswer.Json(existing < 0 ? 201 : 200, GitHubJson.Reaction(id * 100 + Array.IndexOf(ReactionContents, content), content, TokenUser, time.GetUtcNow()));
        }

        var commentMatch = CommentRoute().Match(rest);
        if (commentMatch.Success)
        {
            var id = long.Parse(commentMatch.Groups["id"].Value, CultureInfo.InvariantCulture);
            var comment = _issues.SelectMany(i => i.Comments).FirstOrDefault(c => c.Id == id);
            if (comment is null)
            {
                return NotFound();
            }

            if (request.Method == "PATCH")
            {
                var text = Parse(request.Body)["body"]?.GetValue<string>() ?? string.Empty;
                if (text.Length > MaxBody)
                {
                    return TooLong("body");
                }

                comment.Body = text;
                comment.UpdatedAt = time.GetUtcNow();
            }

            return FakeAnswer.Json(200, GitHubJson.Comment(comment, baseUrl, repository));
        }

        var issueMatch = IssueRoute().Match(rest);
        if (!issueMatch.Success)
        {
            return NotFound();
        }

        var issue = _issues.FirstOrDefault(i => i.Number == int.Parse(issueMatch.Groups["n"].Value, CultureInfo.InvariantCulture));
        if (issue is null)
        {
            return NotFound();
        }

        var tail = issueMatch.Groups["tail"].Value;
        return (request.Method, tail) switch
        {
            ("GET", "") => FakeAnswer.Json(200, GitHubJson.Issue(issue, baseUrl, repository)),
            ("PATCH", "") => UpdateIssue(issue, Parse(request.Body), baseUrl),
            ("GET", "/comments") => Page(issue.Comments.Select(c => (JsonNode)GitHubJson.Comment(c, baseUrl, repository)).ToList(), QueryHelpers.ParseQuery(request.Query), baseUrl, request),
            ("POST", "/comments") => AddComment(issue, Parse(request.Body), baseUrl),
            ("GET", "/labels") => FakeAnswer.Json(200, Labels(issue, baseUrl)),
            ("POST", "/labels") => SetLabels(issue, Parse(request.Body), replace: false, baseUrl),
            ("PUT", "/labels") => SetLabels(issue, Parse(request.Body), replace: true, baseUrl),
            _ when request.Method == "DELETE" && tail.StartsWith("/labels/", StringComparison.Ordinal) => RemoveLabel(issue, Uri.UnescapeDataString(tail["/labels/".Length..]), baseUrl),
            _ => NotFound(),
        };
    }

    private FakeAnswer List(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string baseUrl, RecordedRequest request)
    {
        var state = query.TryGetValue("state", out var s) ? s.ToString() : "open";
        var labels = query.TryGetValue("labels", out var l) ? l.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        DateTimeOffset? since = query.TryGetValue("since", out var sinceText) && DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        var sort = query.TryGetValue("sort", out var so) ? so.ToString() : "created";
        var ascending = query.TryGetValue("direction", out var d) && d.ToString() == "asc";
        IEnumerable<FakeIssue> issues = _issues.Where(i => state == "all" || i.State == state)
            .Where(i => labels.All(label => i.Labels.Contains(label, StringComparer.OrdinalIgnoreCase)))
            .Where(i => since is null || i.UpdatedAt >= since);
        Func<FakeIssue, DateTimeOffset> key = sort == "updated" ? i => i.UpdatedAt : i => i.CreatedAt;
        issues = ascending ? issues.OrderBy(key).ThenBy(i => i.Number) : issues.OrderByDescending(key).ThenByDescending(i => i.Number);
        return Page([.. issues.Select(i => (JsonNode)GitHubJson.Issue(i, baseUrl, repository))], query, baseUrl, request);
    }

    /// <summary>per_page (default 30, max 100) and page, with a Link header as GitHub sends it.</summary>
    private static FakeAnswer Page(List<JsonNode> items, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query, string baseUrl, RecordedRequest request)
    {
        var perPage = Math.Clamp(query.TryGetValue("per_page", out var pp) && int.TryParse(pp, CultureInfo.InvariantCulture, out var p) ? p : 30, 1, 100);
        var page = Math.Max(1, query.TryGetValue("page", out var pg) && int.TryParse(pg, CultureInfo.InvariantCulture, out var n) ? n : 1);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var answer = FakeAnswer.Json(200, new JsonArray([.. items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone())]));
        if (last > 1)
        {
            string Link(int target, string rel)
            {
                var parameters = query.ToDictionary(q => q.Key, q => q.Value.ToString());
                parameters["page"] = target.ToString(CultureInfo.InvariantCulture);
                parameters["per_page"] = perPage.ToString(CultureInfo.InvariantCulture);
                // Escaped like GitHub's: a raw comma (labels=a,b) would split the Link header for clients.
                var queryText = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
                return $"<{baseUrl}{request.Path}?{queryText}>; rel=\"{rel}\"";
            }

            var links = new List<string>();
            if (page < last)
            {
                links.Add(Link(page + 1, "next"));
                links.Add(Link(last, "last"));
            }

            if (page > 1)
            {
                links.Add(Link(1, "first"));
                links.Add(Link(page - 1, "prev"));
            }

            answer.WithHeader("Link", string.Join(", ", links));
        }

        return answer;
    }

    private FakeAnswer CreateIssue(JsonObject json, string baseUrl)
    {
        var title = json["title"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(title))
        {
            return FakeAnswer.Error(422, "Validation Failed", Docs, [new JsonObject { ["resource"] = "Issue", ["code"] = "missing_field", ["field"] = "title" }]);
        }

        var body = json["body"]?.GetValue<string>();
        if (title.Length > MaxTitle || body?.Length > MaxBody)
        {
            return TooLong(title.Length > MaxTitle ? "title" : "body");
        }

        var issue = Create(title, body, Names(json["labels"]), Names(json["assignees"]), pullRequest: false);
        return FakeAnswer.Json(201, GitHubJson.Issue(issue, baseUrl, repository));
    }

    private FakeAnswer UpdateIssue(FakeIssue issue, JsonObject json, string baseUrl)
    {
        var now = time.GetUtcNow();
        if (json.TryGetPropertyValue("title", out var title) && title is not null)
        {
            var text = title.GetValue<string>();
            if (text.Length > MaxTitle)
            {
                return TooLong("title");
            }

            issue.Title = text;
        }

        if (json.TryGetPropertyValue("body", out var body))
        {
            var text = body?.GetValue<string>();
            if (text?.Length > MaxBody)
            {
                return TooLong("body");
            }

            issue.Body = text;
        }

        if (json.TryGetPropertyValue("labels", out var labels) && labels is not null)
        {
            issue.Labels.Clear();
            issue.Labels.AddRange(Names(labels));
        }

        if (json.TryGetPropertyValue("assignees", out var assignees) && assignees is not null)
        {
            issue.Assignees.Clear();
            issue.Assignees.AddRange(Names(assignees));
        }

        var reason = json["state_reason"]?.GetValue<string>();
        if (reason is not null and not ("completed" or "not_planned" or "reopened" or "duplicate"))
        {
            return FakeAnswer.Error(422, "Validation Failed", Docs, [new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "state_reason" }]);
        }

        if (json["state"]?.GetValue<string>() is { } state && state != issue.State)
        {
            issue.State = state;
            issue.ClosedAt = state == "closed" ? now : null;
            issue.StateReason = state == "closed" ? reason ?? "completed" : "reopened";
        }
        else if (reason is not null && issue.State == "closed")
        {
            issue.StateReason = reason;
        }

        issue.UpdatedAt = now;
        return FakeAnswer.Json(200, GitHubJson.Issue(issue, baseUrl, repository));
    }

    private FakeAnswer AddComment(FakeIssue issue, JsonObject json, string baseUrl)
    {
        var body = json["body"]?.GetValue<string>();
        if (string.IsNullOrEmpty(body))
        {
            return FakeAnswer.Error(422, "Validation Failed", Docs, [new JsonObject { ["resource"] = "IssueComment", ["code"] = "missing_field", ["field"] = "body" }]);
        }

        if (body.Length > MaxBody)
        {
            return TooLong("body");
        }

        var now = time.GetUtcNow();
        var comment = new FakeComment { Id = _nextCommentId++, IssueNumber = issue.Number, Body = body, CreatedAt = now, UpdatedAt = now };
        issue.Comments.Add(comment);
        issue.UpdatedAt = now;
        return FakeAnswer.Json(201, GitHubJson.Comment(comment, baseUrl, repository));
    }

    private FakeAnswer SetLabels(FakeIssue issue, JsonObject json, bool replace, string baseUrl)
    {
        if (replace)
        {
            issue.Labels.Clear();
        }

        issue.Labels.AddRange(Names(json["labels"]).Where(l => !issue.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)));
        issue.UpdatedAt = time.GetUtcNow();
        return FakeAnswer.Json(200, Labels(issue, baseUrl));
    }

    private FakeAnswer RemoveLabel(FakeIssue issue, string name, string baseUrl)
    {
        if (issue.Labels.RemoveAll(l => string.Equals(l, name, StringComparison.OrdinalIgnoreCase)) == 0)
        {
            return FakeAnswer.Error(404, "Label does not exist", Docs);
        }

        issue.UpdatedAt = time.GetUtcNow();
        return FakeAnswer.Json(200, Labels(issue, baseUrl));
    }

    private JsonArray Labels(FakeIssue issue, string baseUrl) => new([.. issue.Labels.Select(l => (JsonNode)GitHubJson.Label(l, baseUrl, repository))]);

    private FakeAnswer Content(string path, string baseUrl) =>
        Files.TryGetValue(path, out var text)
            ? FakeAnswer.Json(200, GitHubJson.File(path, text, baseUrl, repository))
            : FakeAnswer.Error(404, "Not Found", "https://docs.github.com/rest/repos/contents#get-repository-content");

    private static List<string> Names(JsonNode? node) => node is JsonArray array
        ? [.. array.Select(n => n is JsonObject o ? o["name"]?.GetValue<string>() : n?.GetValue<string>()).OfType<string>()]
        : [];

    private static JsonObject Parse(string body) => string.IsNullOrWhiteSpace(body) ? [] : JsonNode.Parse(body) as JsonObject ?? [];

    private static FakeAnswer NotFound() => FakeAnswer.Error(404, "Not Found", "https://docs.github.com/rest");

    private static FakeAnswer TooLong(string field) => FakeAnswer.Error(422, "Validation Failed", Docs,
        [new JsonObject { ["resource"] = "Issue", ["code"] = "custom", ["field"] = field, ["message"] = $"{field} is too long (maximum is {(field == "title" ? MaxTitle : MaxBody)} characters)" }]);

    [GeneratedRegex(@"^/api/v3/repos/(?<owner>[^/]+)/(?<repo>[^/]+)(?<rest>/.*)$")]
    private static partial Regex Route();

    [GeneratedRegex(@"^/issues/(?<n>\d+)(?<tail>(/.*)?)$")]
    private static partial Regex IssueRoute();

    [GeneratedRegex(@"^/issues/comments/(?<id>\d+)$")]
    private static partial Regex CommentRoute();

    [GeneratedRegex(@"^/issues/comments/(?<id>\d+)/reactions$")]
    private static partial Regex ReactionRoute();
}
