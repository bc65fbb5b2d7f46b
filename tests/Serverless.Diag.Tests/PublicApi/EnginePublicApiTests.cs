using PublicApiGenerator;
using Serverless.Diag.Configuration;

namespace Serverless.Diag.Tests.PublicApi;

/// <summary>
/// Pins the engine's public surface: packs and hosts build on it, so a type or member that appears, changes or goes
/// must be a decision, not an accident. On an intended change, accept it with
/// <c>UPDATE_PUBLIC_API=1 dotnet test tests/Serverless.Diag.Tests --filter PublicApi</c> and commit the approved file.
/// </summary>
public class EnginePublicApiTests
{
    [Fact]
    public void The_engines_public_surface_is_the_approved_one()
    {
        var generated = typeof(DiagConfig).Assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n");
        var approvedPath = RepoFile("tests", "Serverless.Diag.Tests", "PublicApi", "Serverless.Diag.approved.txt");
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(approvedPath, generated);
        }

        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : "";
        Assert.True(
            approved == generated,
            $"The engine's public API changed. If intended, run UPDATE_PUBLIC_API=1 dotnet test tests/Serverless.Diag.Tests --filter PublicApi and commit {approvedPath}.\n{FirstDifference(approved, generated)}");
    }

    [Fact]
    public void The_engine_names_no_host_or_pack_in_its_public_surface()
    {
        var generated = typeof(DiagConfig).Assembly.GeneratePublicApi();

        // Knowledge with its owner: the Actions runner protocol lives in the Action host, the incident policy in the GitHub pack.
        Assert.DoesNotContain("GitHubActions", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("GitHubSettings", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Octokit", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("Azure.", generated, StringComparison.Ordinal);
    }

    private static string FirstDifference(string approved, string generated)
    {
        var a = approved.Split('\n');
        var g = generated.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, g.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(end)";
            var right = i < g.Length ? g[i] : "(end)";
            if (left != right)
            {
                return $"line {i + 1}:\n  approved: {left.Trim()}\n  now:      {right.Trim()}";
            }
        }

        return "";
    }

    private static string RepoFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.Diag.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }
}
