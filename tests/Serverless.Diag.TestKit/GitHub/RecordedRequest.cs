namespace Serverless.Diag.TestKit.GitHub;

/// <summary>One request the fake GitHub received, with what it answered.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Body, DateTimeOffset At)
{
    public int Status { get; internal set; }

    public GitHubFaultKind? Fault { get; internal set; }

    public string? Authorization { get; init; }

    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";

    /// <summary>A listing of the repository's issues (the incident sink's one read per run).</summary>
    public bool IsIssueList => Method == "GET" && Path.EndsWith("/issues", StringComparison.Ordinal);

    public bool IsCreateIssue => Method == "POST" && Path.EndsWith("/issues", StringComparison.Ordinal);

    public bool IsComment => Method == "POST" && Path.EndsWith("/comments", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Path}{Query} -> {Status}{(Fault is null ? string.Empty : $" ({Fault})")}";
}
