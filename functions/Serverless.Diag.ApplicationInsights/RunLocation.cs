namespace Serverless.Diag.ApplicationInsights;

/// <summary>The availability result's location: where the diagnosis ran, as Azure's own tests name their probe region.</summary>
public static class RunLocation
{
    /// <summary>
    /// <c>DIAG_RUN_LOCATION</c> when set; on Azure Functions / App Service the region (<c>REGION_NAME</c>, set by the
    /// platform); in GitHub Actions <c>github-actions</c> with the runner's OS; otherwise the machine name.
    /// </summary>
    public static string FromEnvironment(Func<string, string?> environment)
    {
        if (environment("DIAG_RUN_LOCATION") is { Length: > 0 } configured)
        {
            return configured;
        }

        if (environment("REGION_NAME") is { Length: > 0 } region)
        {
            return region;
        }

        if (environment("GITHUB_ACTIONS") == "true")
        {
            return environment("RUNNER_OS") is { Length: > 0 } os ? $"github-actions ({os})" : "github-actions";
        }

        return Environment.MachineName;
    }
}
