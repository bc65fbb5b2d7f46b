using Serverless.Diag.Incidents;
using Serverless.Diag.GitHub.Incidents;

namespace Serverless.Diag.GitHub.Api;

/// <summary>An incident issue as found on GitHub, with the fingerprint and state read from its body.</summary>
internal sealed record TrackedIssue(
    int Number,
    string Title,
    string Body,
    bool IsOpen,
    string? StateReason,
    IReadOnlyList<string> Labels,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ClosedAt,
    string? Fingerprint,
    IncidentState? State)
{
    /// <summary>The issue's page, linked from notifications.</summary>
    public Uri? HtmlUrl { get; init; }

    /// <summary>Comments on the issue, as the issue list counts them: more than were read means new ones to read.</summary>
    public int CommentCount { get; init; }
}

/// <summary>A comment on an incident issue, as <c>/diag</c> commands are read from it.</summary>
/// <param name="Association">GitHub's <c>author_association</c>: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE...</param>
internal sealed record IssueCommentInfo(long Id, string? Login, string Association, string Body);

/// <summary>A new issue or a full rewrite of one.</summary>
internal sealed record IssueDraft(string Title, string Body, IReadOnlyList<string> Labels, IReadOnlyList<string> Assignees);
