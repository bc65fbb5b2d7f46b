namespace Serverless.Diag.TestKit.GitHub;

/// <summary>An issue (or pull request) held by the fake GitHub.</summary>
public sealed class FakeIssue
{
    public required int Number { get; init; }

    public required string Title { get; set; }

    public string? Body { get; set; }

    public string State { get; set; } = "open";

    public string? StateReason { get; set; }

    public List<string> Labels { get; init; } = [];

    public List<string> Assignees { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsPullRequest { get; init; }

    public List<FakeComment> Comments { get; } = [];

    public bool IsOpen => State == "open";
}

public sealed class FakeComment
{
    public required long Id { get; init; }

    public required int IssueNumber { get; init; }

    public required string Body { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The author's login; the token's user (the app) unless a test says otherwise.</summary>
    public string Login { get; init; } = FakeGitHubStore.TokenUser;

    /// <summary>GitHub's <c>author_association</c> of the author with the repository: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE...</summary>
    public string AuthorAssociation { get; init; } = "NONE";

    /// <summary>Reactions on the comment, by content (<c>+1</c>, <c>eyes</c>...), each with the login that reacted.</summary>
    public List<(string Content, string Login)> Reactions { get; } = [];
}
