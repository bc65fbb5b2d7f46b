namespace Serverless.Diag.Probes.Kit;

/// <summary>One redirect a check met: where to, and what it did about it.</summary>
/// <param name="Withheld">Credentials not sent to the new origin: header names and <c>?name</c> query parameters.</param>
/// <param name="NotFollowed">Why the redirect was not followed, or null when it was.</param>
public sealed record RedirectHop(int Status, Uri To, bool CrossOrigin, IReadOnlyList<string> Withheld, string? NotFollowed)
{
    /// <summary>One line for evidence: the target without its query (it may carry a token).</summary>
    public string Describe()
    {
        var line = $"{Status} -> {To.GetLeftPart(UriPartial.Path)}";
        if (NotFollowed is not null)
        {
            return $"{line}: not followed ({NotFollowed})";
        }

        return !CrossOrigin ? line
            : Withheld.Count == 0 ? $"{line} (another origin)"
            : $"{line} (another origin: followed without the check's credentials: {string.Join(", ", Withheld)})";
    }
}
