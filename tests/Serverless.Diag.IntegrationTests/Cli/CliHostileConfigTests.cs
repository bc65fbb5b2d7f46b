using System.Text;

namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary>
/// Hostile configs through the real <c>serverless-diag</c> process: a stack overflow cannot be caught in-process,
/// so only a separate process proves that deep nesting, long chains and alias bombs end in exit 2, not SIGABRT.
/// </summary>
public sealed class CliHostileConfigTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "deep flow sequences", "version: 1\nvars:\n  v: " + new string('[', 100_000) + new string(']', 100_000) + "\nchecks: []\n", "nests deeper than 64 levels" },
        { "deep block mappings", "version: 1\ndefaults:\n" + string.Concat(Enumerable.Range(1, 3_000).Select(i => new string(' ', i) + "k:\n")), "nests deeper than 64 levels" },
        { "billion laughs", "version: 1\nvars:\n  l0: &l0 lol\n" + string.Concat(Enumerable.Range(1, 15).Select(i => $"  l{i}: &l{i} [{string.Join(", ", Enumerable.Repeat($"*l{i - 1}", 10))}]\n")) + "checks: []\n", "expands to more than" },
        { "a dependency loop 50,000 long", DependencyLoop(50_000), "dependency cycle: c0 -> c1" },
        { "control bytes", "version: 1\nchecks:\n  - name: \u0001\u0002\n\u0000\u0007", "hostile.yaml:" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_process_exits_2_with_a_position_and_no_stack_trace(string family, string yaml, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("diag-hostile-");
        var path = Path.Combine(directory.FullName, "hostile.yaml");
        await File.WriteAllTextAsync(path, yaml);

        var (exitCode, _, stderr) = await CliProcess.RunAsync(Patience, null, "validate", "--config", path);

        Assert.True(exitCode == 2, $"{family}: exit {exitCode}{Environment.NewLine}{Cut(stderr)}");
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Matches(@"hostile\.yaml:\d+:\d+: ", stderr);
        Assert.DoesNotContain("Stack overflow", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        directory.Delete(recursive: true);
    }

    private static string DependencyLoop(int length)
    {
        var text = new StringBuilder("version: 1\nchecks:\n");
        for (var i = 0; i < length; i++)
        {
            text.Append($"  - {{ name: c{i}, type: tcp, host: localhost, port: 1, depends_on: [c{(i + 1) % length}] }}\n");
        }

        return text.ToString();
    }

    private static string Cut(string text) => text.Length <= 2000 ? text : text[..2000];
}
