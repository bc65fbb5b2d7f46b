using Serverless.Diag.Probes;
using Xunit.Abstractions;

namespace Serverless.Diag.IntegrationTests.HttpLoad;

/// <summary>
/// Load tests run one at a time, and apart from every other test (xunit runs non-parallel collections after the
/// parallel ones): on two shared cores, anything running beside a burst is measured as latency.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
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
