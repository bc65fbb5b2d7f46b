using System.Diagnostics;
using Serverless.Diag.Running;

namespace Serverless.Diag.Tests.Configuration.Hostile;

/// <summary>
/// Seeded fuzzing of the validation path: thousands of mutations of the example configs and of the hostile
/// families, each either valid (0) or refused with positions (2); never another outcome, and never a hang.
/// A failure prints the seed and the input, so it can be replayed.
/// </summary>
public class ConfigFuzzTests
{
    private const int Seed = 13;
    private const int MutationsPerExample = 400;
    // A hang guard, not a speed test: inputs validate in milliseconds, but one took over 10 s on a loaded 2-core machine.
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Examples() => [.. Directory.GetFiles(Action.RepositoryFiles.PathOf("examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Mutated_examples_are_valid_or_refused_with_a_position(string example)
    {
        var text = File.ReadAllText(Action.RepositoryFiles.PathOf($"examples/{example}"));
        var original = ConfigValidation.Validate(text);
        Assert.True(original.ExitCode == 0, $"{example} itself: {original.Describe()}");

        var mutator = new ConfigMutator(Seed ^ example.GetHashCode(StringComparison.Ordinal));
        var outcomes = new int[4];
        for (var i = 0; i < MutationsPerExample; i++)
        {
            var mutated = mutator.Mutate(text);
            var outcome = Check(mutated, $"{example} mutation {i}");
            outcomes[outcome.ExitCode]++;
        }

        // The mutations must reach both outcomes, or the fuzzer tests nothing.
        Assert.True(outcomes[0] > 0 && outcomes[2] > 0, $"valid {outcomes[0]}, refused {outcomes[2]}");
    }

    [Fact]
    public void Mutated_hostile_families_are_valid_or_refused_with_a_position()
    {
        string[] families =
        [
            PathologicalConfigs.DeepFlowSequences(200), PathologicalConfigs.DeepFlowMappings(200), PathologicalConfigs.DeepBlockMappings(100),
            PathologicalConfigs.DeepJsonBody(70), PathologicalConfigs.BillionLaughs(9), PathologicalConfigs.MergeKeyLaughs(12),
            PathologicalConfigs.DoublingVariables(25), PathologicalConfigs.VariableChain(80), PathologicalConfigs.DependencyChain(200, closeTheLoop: true),
        ];
        var mutator = new ConfigMutator(Seed);
        for (var i = 0; i < 600; i++)
        {
            var family = i % families.Length;
            Check(mutator.Mutate(families[family]), $"family {family} mutation {i}");
        }
    }

    [Fact]
    public void Strict_validation_of_mutated_examples_with_every_variable_set_is_valid_or_refused_with_a_position()
    {
        var mutator = new ConfigMutator(Seed + 1);
        var examples = Directory.GetFiles(Action.RepositoryFiles.PathOf("examples"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        for (var i = 0; i < 600; i++)
        {
            var mutated = mutator.Mutate(examples[i % examples.Count]);
            Classify(ConfigValidation.ValidateWithin(mutated, PerInput, PlanMode.Run, FakeEnvironment), mutated, $"strict mutation {i}");
        }
    }

    // Plausible values of each shape a config takes from the environment: a URL, a connection string, a token.
    private static string? FakeEnvironment(string name) => name switch
    {
        _ when name.Contains("URL", StringComparison.Ordinal) => "postgres://user:pa55word@localhost:5432/app",
        _ when name.Contains("REDIS", StringComparison.Ordinal) => "localhost:6379,password=pa55word",
        _ => "tok-3f9c2a7e51",
    };

    private static ConfigValidation.Outcome Check(string yaml, string what)
    {
        var clock = Stopwatch.StartNew();
        var outcome = ConfigValidation.ValidateWithin(yaml, PerInput);
        Assert.True(clock.Elapsed < PerInput, $"{what} took {clock.Elapsed}");
        Classify(outcome, yaml, what);
        return outcome;
    }

    private static void Classify(ConfigValidation.Outcome outcome, string yaml, string what)
    {
        Assert.True(
            outcome.ExitCode is 0 or 2 && outcome.Unexpected is null,
            $"seed {Seed}, {what}: exit {outcome.ExitCode}: {outcome.Describe()}{Environment.NewLine}--- input ---{Environment.NewLine}{yaml}");
        if (outcome.ExitCode == 2)
        {
            ConfigValidation.AssertPositioned(outcome);
        }
    }
}
