namespace Serverless.Diag.IntegrationTests.Infra;

/// <summary>The repository's documents stand on their own: none points at the product brief, which is not shipped.</summary>
public sealed class DocsStandAloneTests
{
    // Assembled, so this file does not match itself.
    private static readonly string Brief = "PRODUCT" + ".md";

    [Fact]
    public void No_file_in_the_repository_refers_to_the_product_brief()
    {
        var offenders = Directory.EnumerateFiles(Repo.Root, "*", SearchOption.AllDirectories)
            .Where(f => !IsGenerated(Path.GetRelativePath(Repo.Root, f)))
            .Where(f => Path.GetExtension(f) is ".md" or ".cs" or ".sh" or ".bicep" or ".bicepparam" or ".yml" or ".yaml" or ".json" or ".csproj" or ".props" or ".py" or "")
            .Where(f => new FileInfo(f).Length < 2_000_000 && File.ReadAllText(f).Contains(Brief, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Repo.Root, f))
            .ToList();

        Assert.True(offenders.Count == 0, $"{Brief} is not in the repository; these files refer to it: {string.Join(", ", offenders)}");
    }

    private static bool IsGenerated(string relative) =>
        relative.StartsWith(".git", StringComparison.Ordinal) || relative.StartsWith("artifacts", StringComparison.Ordinal) || relative.StartsWith("TestResults", StringComparison.Ordinal)
        || relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("node_modules", StringComparison.Ordinal);
}
