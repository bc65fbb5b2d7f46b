namespace Serverless.Diag.GitHub.Api;

/// <summary>Where to talk to: the repository and the API base (GitHub Enterprise Server's /api/v3 included).</summary>
public sealed record GitHubRepository(string Owner, string Name, Uri ApiUrl)
{
    public static readonly Uri DefaultApiUrl = new("https://api.github.com");

    public static bool TryParse(string? repository, out string owner, out string name)
    {
        owner = name = string.Empty;
        var parts = (repository ?? string.Empty).Trim().Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        (owner, name) = (parts[0], parts[1]);
        return true;
    }

    public override string ToString() => $"{Owner}/{Name}";
}
