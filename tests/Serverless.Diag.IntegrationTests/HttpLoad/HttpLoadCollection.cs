using Serverless.Diag.Probes;
using Xunit.Abstractions;

namespace Serverless.Diag.IntegrationTests.HttpLoad;

/// <summary>Load tests run one at a time: on two shared cores, two bursts at once would measure each other.</summary>
[CollectionDefinition(Name)]
public sealed class HttpLoadCollection
{
    public const string Name = "http-load";

    /// <summary>What the probe saw, in the test's output, so a failing timing assertion can be understood.</summary>
    public static void Log(ITestOutputHelper output, ProbeResult result)
    {
        output.WriteLine($"error: {result.Error}");
        foreach (var evidence in result.Evidence)
        {
            output.WriteLine($"== {evidence.Title}\n{evidence.Content}");
        }
    }
}
