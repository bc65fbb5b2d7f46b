namespace Serverless.Diag.Tests.Action;

/// <summary>Files of the repository under test, found from the test's output folder upwards.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.Diag.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.Diag.sln above {AppContext.BaseDirectory}.");
    }
}
