namespace Serverless.Diag.GitHub.Api;

/// <summary>A GitHub call that did not succeed after the retries it deserved; the run goes on and the next run tries again.</summary>
public sealed class GitHubCallException : Exception
{
    public GitHubCallException()
    {
    }

    public GitHubCallException(string message)
        : base(message)
    {
    }

    public GitHubCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the request may have been applied although no answer came (a create must not be repeated blindly).</summary>
    public bool OutcomeUnknown { get; init; }

    public int? StatusCode { get; init; }
}
