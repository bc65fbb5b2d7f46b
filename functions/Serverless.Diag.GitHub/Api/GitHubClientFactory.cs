using System.Reflection;
using Octokit;

namespace Serverless.Diag.GitHub.Api;

internal static class GitHubClientFactory
{
    /// <summary>
    /// Octokit turns any host other than github.com into <c>{host}/api/v3/</c>, which is what GitHub Enterprise
    /// Server serves, so GITHUB_API_URL works unchanged.
    /// </summary>
    public static GitHubClient Create(GitHubRepository repository, string token, TimeSpan requestTimeout)
    {
        var version = typeof(GitHubClientFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        var client = new GitHubClient(new ProductHeaderValue("serverless-diag", plus > 0 ? version[..plus] : version), repository.ApiUrl)
        {
            Credentials = new Credentials(token),
        };
        client.SetRequestTimeout(requestTimeout);
        // Keeps the struct instantiations Octokit creates by reflection in the Native AOT binary.
        GC.KeepAlive(OctokitAotRoots.Instances);
        return client;
    }
}
