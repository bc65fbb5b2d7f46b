using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Octokit;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.GitHub.Api;

/// <summary>Every GitHub call the incident sink makes, each through the retry policy. Nothing else talks to Octokit.</summary>
/// <remarks>Every text sent is redacted once more here: the last line of defence if a renderer missed a secret.</remarks>
internal sealed class IssueGateway(IGitHubClient client, GitHubRepository repository, GitHubCallPolicy policy, SecretRedactor secrets)
{
    private const int PageSize = 100;

    public GitHubCallPolicy Policy => policy;

    public Task<IReadOnlyList<TrackedIssue>> ListOpenAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        ListAsync(Request(labels, ItemStateFilter.Open, since: null, IssueSort.Created, SortDirection.Ascending), pageCount: null, cancellationToken);

    /// <summary>Open issues with the labels whether or not they carry an incident fingerprint (the availability report issues do not).</summary>
    public Task<IReadOnlyList<TrackedIssue>> ListOpenAnyAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        ListAsync(Request(labels, ItemStateFilter.Open, since: null, IssueSort.Created, SortDirection.Ascending), pageCount: null, cancellationToken, fingerprinted: false);

    /// <summary>Only issues closed recently can be reopened; <c>since</c> keeps the listing short, newest first within three pages.</summary>
    public Task<IReadOnlyList<TrackedIssue>> ListClosedSinceAsync(IReadOnlyList<string> labels, DateTimeOffset since, CancellationToken cancellationToken) =>
        ListAsync(Request(labels, ItemStateFilter.Closed, since, IssueSort.Updated, SortDirection.Descending), pageCount: 3, cancellationToken);

    public async Task<TrackedIssue> CreateAsync(IssueDraft draft, CancellationToken cancellationToken)
    {
        var issue = new NewIssue(secrets.Redact(draft.Title)) { Body = secrets.Redact(draft.Body) };
        foreach (var label in draft.Labels)
        {
            issue.Labels.Add(label);
        }

        foreach (var assignee in draft.Assignees)
        {
            issue.Assignees.Add(assignee);
        }

        var created = await policy.RunAsync("create issue", () => client.Issue.Create(repository.Owner, repository.Name, issue), CallSafety.NotIdempotent, cancellationToken);
        return Track(created);
    }

    public async Task UpdateAsync(int number, IssueDraft? draft, bool? open, ItemStateReason? reason, CancellationToken cancellationToken)
    {
        var update = new IssueUpdate();
        if (draft is not null)
        {
            update.Title = secrets.Redact(draft.Title);
            update.Body = secrets.Redact(draft.Body);
            update.ClearLabels();
            foreach (var label in draft.Labels)
            {
                update.AddLabel(label);
            }
        }

        if (open is { } isOpen)
        {
            update.State = isOpen ? ItemState.Open : ItemState.Closed;
            update.StateReason = reason;
        }

        await policy.RunAsync($"update issue #{number}", () => client.Issue.Update(repository.Owner, repository.Name, number, update), CallSafety.Idempotent, cancellationToken);
    }

    /// <summary>Rewrites only the body (the state block after a notification was delivered); title and labels stay.</summary>
    public async Task UpdateBodyAsync(int number, string body, CancellationToken cancellationToken)
    {
        var update = new IssueUpdate { Body = secrets.Redact(body) };
        await policy.RunAsync($"update issue #{number}", () => client.Issue.Update(repository.Owner, repository.Name, number, update), CallSafety.Idempotent, cancellationToken);
    }

    /// <summary>Octokit 14's <see cref="ItemStateReason"/> has no <c>duplicate</c>, so this one PATCH is sent raw; older servers get not_planned.</summary>
    /// <remarks>
    /// Octokit writes the body by reflection over the object's public properties: the dependency keeps them in the
    /// trimmed Native AOT command line (tested there: AotGitHubTests closes a duplicate).
    /// </remarks>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(DuplicateClose))]
    public async Task CloseAsDuplicateAsync(int number, CancellationToken cancellationToken)
    {
        var uri = new Uri($"repos/{repository.Owner}/{repository.Name}/issues/{number.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative);
        try
        {
            await policy.RunAsync($"close duplicate #{number}", () => client.Connection.Patch<Issue>(uri, new DuplicateClose("closed", "duplicate")), CallSafety.Idempotent, cancellationToken);
        }
        catch (GitHubCallException ex) when (ex.StatusCode == 422)
        {
            await UpdateAsync(number, null, open: false, ItemStateReason.NotPlanned, cancellationToken);
        }
    }

    /// <summary>The issue's comments after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<IssueCommentInfo>> ListCommentsAsync(int number, long? afterId, CancellationToken cancellationToken)
    {
        var comments = await policy.RunAsync(
            $"read comments of #{number}",
            () => client.Issue.Comment.GetAllForIssue(repository.Owner, repository.Name, number, new ApiOptions { PageSize = PageSize }),
            CallSafety.Idempotent,
            cancellationToken);
        return [.. comments
            .Where(c => afterId is null || c.Id > afterId)
            .OrderBy(c => c.Id)
            .Select(c => new IssueCommentInfo(c.Id, c.User?.Login, c.AuthorAssociation.StringValue ?? "NONE", c.Body ?? string.Empty))];
    }

    /// <summary>Acknowledges a comment with a reaction (GitHub answers 200 for one that already exists).</summary>
    public Task ReactAsync(long commentId, CancellationToken cancellationToken) =>
        policy.RunAsync($"react to comment {commentId}", () => client.Reaction.IssueComment.Create(repository.Owner, repository.Name, commentId, new NewReaction(ReactionType.Plus1)), CallSafety.Idempotent, cancellationToken);

    public Task CommentAsync(int number, string body, CancellationToken cancellationToken) =>
        policy.RunAsync($"comment on #{number}", () => client.Issue.Comment.Create(repository.Owner, repository.Name, number, secrets.Redact(body)), CallSafety.NotIdempotent, cancellationToken);

    /// <summary>The file's text, or null when the repository has no such file.</summary>
    public async Task<string?> GetFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var contents = await policy.RunAsync($"read {path}", () => client.Repository.Content.GetAllContents(repository.Owner, repository.Name, path), CallSafety.Idempotent, cancellationToken);
            return contents.Count == 1 ? contents[0].Content : null;
        }
        catch (GitHubCallException ex) when (ex.InnerException is NotFoundException)
        {
            return null;
        }
    }

    private static RepositoryIssueRequest Request(IReadOnlyList<string> labels, ItemStateFilter state, DateTimeOffset? since, IssueSort sort, SortDirection direction)
    {
        var request = new RepositoryIssueRequest { State = state, Since = since, SortProperty = sort, SortDirection = direction };
        foreach (var label in labels)
        {
            request.Labels.Add(label);
        }

        return request;
    }

    private async Task<IReadOnlyList<TrackedIssue>> ListAsync(RepositoryIssueRequest request, int? pageCount, CancellationToken cancellationToken, bool fingerprinted = true)
    {
        var options = new ApiOptions { PageSize = PageSize, StartPage = 1 };
        if (pageCount is { } count)
        {
            options.PageCount = count;
        }

        var issues = await policy.RunAsync("list incident issues", () => client.Issue.GetAllForRepository(repository.Owner, repository.Name, request, options), CallSafety.Idempotent, cancellationToken);
        return [.. issues.Where(i => i.PullRequest is null).Select(Track).Where(i => !fingerprinted || i.Fingerprint is not null)];
    }

    private static TrackedIssue Track(Issue issue) => new(
        issue.Number,
        issue.Title ?? string.Empty,
        issue.Body ?? string.Empty,
        issue.State.StringValue == "open",
        issue.StateReason?.StringValue,
        [.. issue.Labels.Select(l => l.Name)],
        issue.CreatedAt,
        issue.ClosedAt,
        Fingerprint.Read(issue.Body),
        IncidentStateBlock.Read(issue.Body))
    {
        HtmlUrl = Uri.TryCreate(issue.HtmlUrl, UriKind.Absolute, out var url) ? url : null,
        CommentCount = issue.Comments,
    };

    /// <summary>Serialised by Octokit's snake_case strategy as <c>{"state":..,"state_reason":..}</c>.</summary>
    private sealed record DuplicateClose(string State, string StateReason);
}
