using System.Text.Json;

namespace Serverless.Diag.TestKit;

/// <summary>The verbatim third-party payloads kept beside the fakes (see each Payloads/README.md).</summary>
public static class ReferencePayloads
{
    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(TestKitDirectory(), relativePath));

    /// <summary>The <c>responses."200".body</c> of an Azure REST API spec example, as the service would send it.</summary>
    public static string SpecExampleBody(string relativePath)
    {
        using var document = JsonDocument.Parse(Read(relativePath));
        return document.RootElement.GetProperty("responses").GetProperty("200").GetProperty("body").GetRawText();
    }

    private static string TestKitDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "Serverless.Diag.TestKit");
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.Diag.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"no Serverless.Diag.sln above {AppContext.BaseDirectory}");
    }
}
