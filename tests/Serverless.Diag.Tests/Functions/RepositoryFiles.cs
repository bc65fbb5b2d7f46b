namespace Serverless.Diag.Tests.Functions;

/// <summary>Files of this repository and of the shared reference folder that sits beside it.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>shared/reference/... beside the clone (CI) or an ancestor of the worktree. Fails in CI when absent.</summary>
    public static string? Reference(params string[] parts)
    {
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine([dir.FullName, "shared", "reference", .. parts]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"shared/reference/{string.Join('/', parts)} is missing beside the repository");
        }

        return null;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Serverless.Diag.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Serverless.Diag.sln not found above " + AppContext.BaseDirectory);
    }
}
