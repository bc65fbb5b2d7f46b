using System.Reflection;
using System.Text.Json.Nodes;

namespace Serverless.Diag.TestKit.GitHub;

/// <summary>The documented GitHub response examples the fake is built from (GitHub/Reference/*.json, embedded).</summary>
public static class GitHubReferenceExamples
{
    public static JsonNode Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("GitHub." + name)
            ?? throw new InvalidOperationException($"embedded reference {name} missing");
        return JsonNode.Parse(stream)!;
    }
}
