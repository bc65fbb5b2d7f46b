using Serverless.Diag.Configuration;
using static Serverless.Diag.Tests.Configuration.Hostile.PathologicalConfigs;

namespace Serverless.Diag.Tests.Configuration.Hostile;

/// <summary>Each family of hostile config is refused with a position, never a crash or a hang.</summary>
public class HostileConfigTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string, string> DeepFamilies() => new()
    {
        { "flow sequences", DeepFlowSequences(50_000), "nests deeper than 64 levels" },
        { "flow mappings", DeepFlowMappings(50_000), "nests deeper than 64 levels" },
        { "block mappings under defaults", DeepBlockMappings(5_000), "nests deeper than 64 levels" },
        { "a header value", DeepHeaderValue(20_000), "nests deeper than 64 levels" },
        { "a JSON body in YAML", DeepJsonBody(20_000), "nests deeper than 64 levels" },
    };

    [Theory]
    [MemberData(nameof(DeepFamilies))]
    public void Deep_nesting_is_refused_at_the_level_that_crosses_the_limit(string family, string yaml, string expected)
    {
        var error = ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(yaml, Patience), expected, family);
        Assert.True(error.Mark.Line >= 2, error.ToString());
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read()
    {
        // The JSON body starts at level 4 (root, checks, the check, json): 60 more levels are within 64.
        Assert.Equal(0, ConfigValidation.ValidateWithin(DeepJsonBody(60), Patience).ExitCode);
        ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(DeepJsonBody(62), Patience), "nests deeper than 64 levels");
    }

    [Fact]
    public void A_deep_JSON_body_written_as_JSON_text_is_refused_at_its_position()
    {
        var error = ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(DeepJsonText(100_000), Patience), "'json' is not valid JSON");
        Assert.Equal(7, error.Mark.Line);
    }

    [Fact]
    public void Billion_laughs_through_aliases_is_refused_at_the_alias_that_crosses_the_limit()
    {
        var yaml = BillionLaughs(12);
        var error = ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(yaml, Patience), "expands to more than 20,000,000");
        Assert.InRange(error.Mark.Line, 4, 15);
    }

    [Fact]
    public void Billion_laughs_through_merge_keys_in_a_check_is_refused()
    {
        ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(MergeKeyLaughs(30), Patience), "expands to more than");
    }

    [Fact]
    public void Too_many_alias_uses_are_refused_even_when_each_is_small()
    {
        var yaml = Head + "x-tag: &t smoke\nchecks:\n" + string.Concat(Enumerable.Range(0, 10_001).Select(i => Check($"c{i}", "    tags: [*t]\n")));
        ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(yaml, Patience), "aliases more than 10,000 times");
    }

    [Fact]
    public void Merge_keys_merge_in_linear_time_and_written_keys_win()
    {
        var config = TestDoubles.TestConfigs.Parse("""
            version: 1
            checks:
              - &base { name: base, timeout: 3s, retries: 2, type: scripted }
              - &more { name: more, severity: P0, retries: 5, type: scripted }
              - <<: [*base, *more]
                name: a
                retries: 1
            """);

        var check = config.FindCheck("a")!;
        Assert.Equal(TimeSpan.FromSeconds(3), check.Timeout);
        Assert.Equal(1, check.Retries);
        Assert.Equal(Severity.P0, check.Severity);
    }

    [Fact]
    public void Doubling_variables_are_refused_at_the_value_that_grows_too_long()
    {
        var error = ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(DoublingVariables(60), Patience), "expands to more than 1,048,576 characters");
        Assert.True(error.Mark.Line > 2, error.ToString());
    }

    [Fact]
    public void A_chain_of_ten_variables_is_valid_and_a_cycle_is_named()
    {
        var chain = ConfigValidation.ValidateWithin(VariableChain(10), Patience);
        Assert.True(chain.ExitCode == 0, chain.Describe());
        Assert.Equal(0, ConfigValidation.ValidateWithin(VariableChain(ConfigLimits.MaxVariableDepth - 1), Patience).ExitCode);

        var tooDeep = ConfigValidation.AssertRefused(ConfigValidation.ValidateWithin(VariableChain(5_000), Patience), "more than 64 levels deep");
        Assert.DoesNotContain("refers to itself", tooDeep.Message, StringComparison.Ordinal);

        var cycle = ConfigValidation.AssertRefused(
            ConfigValidation.Validate(Head + "vars:\n  a: \"${b}\"\n  b: \"x${c}\"\n  c: \"${a}\"\nchecks:\n  - name: t\n    type: tcp\n    host: ${a}\n    port: 1\n"),
            "refers to itself");
        Assert.Contains("a -> b -> c -> a", cycle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dependency_chain_fifty_thousand_long_validates_and_its_closed_loop_is_one_cycle()
    {
        var chain = ConfigValidation.ValidateWithin(DependencyChain(50_000), TimeSpan.FromSeconds(120));
        Assert.True(chain.ExitCode == 0, chain.Describe());

        var loop = ConfigValidation.ValidateWithin(DependencyChain(50_000, closeTheLoop: true), TimeSpan.FromSeconds(120));
        var cycle = ConfigValidation.AssertRefused(loop, "dependency cycle: c0 -> c1 -> c2");
        Assert.Single(loop.Errors);
        Assert.InRange(cycle.Message.Length, 100, 2001);
    }

    public static TheoryData<string, string> HugeNumbers() => new()
    {
        { "timeout: 1e308s", "'timeout' must be from 1ms to 24h" },
        { "timeout: 99999999999999999999d", "'timeout' must be from 1ms to 24h" },
        { "timeout: 60d", "'timeout' must be from 1ms to 24h" },
        { "timeout: NaNs", "'timeout' must be a duration" },
        { "timeout: Infinityms", "'timeout' must be from 1ms to 24h" },
        { "timeout: -Infinityms", "'timeout' must be from 1ms to 24h" },
        { "timeout: 0s", "'timeout' must be from 1ms to 24h" },
        { "retry_delay: 1e300h", "'retry_delay' must be from 0s to 1h" },
        { "retry_delay: -1s", "'retry_delay' must be from 0s to 1h" },
        { "escalate_after: 1e20d", "'escalate_after' must be from 0s to 365d" },
        { "retries: 1e100", "'retries' must be a whole number from 0 to 10" },
        { "retries: 99999999999999999999", "'retries' must be a whole number from 0 to 10" },
        { "port: 1e30", "'port' must be a whole number" },
        { "port: 99999999999999999999", "'port' must be between 1 and 65535" },
    };

    [Theory]
    [MemberData(nameof(HugeNumbers))]
    public void Huge_and_non_finite_numbers_are_refused_with_the_allowed_range(string setting, string expected)
    {
        var yaml = Head + "checks:\n  - name: a\n    type: tcp\n    host: localhost\n" + (setting.StartsWith("port", StringComparison.Ordinal) ? string.Empty : "    port: 1\n") + $"    {setting}\n";
        var error = ConfigValidation.AssertRefused(ConfigValidation.Validate(yaml), expected, yaml);
        Assert.Equal(yaml.Split('\n').ToList().FindIndex(l => l.Contains(setting, StringComparison.Ordinal)) + 1, error.Mark.Line);
    }

    [Theory]
    [InlineData("github:\n  reopen_within: 1e300d\n", "'github.reopen_within' must be from 0s to 365d")]
    [InlineData("github:\n  remind_every: 9999999999999999999999m\n", "'github.remind_every' must be from 0s to 365d")]
    [InlineData("github:\n  escalate_after: { P1: 1e300s }\n", "'github.escalate_after.P1' must be from 0s to 365d")]
    [InlineData("github:\n  close_after: 1e400\n", "must be a whole number from 1 to 1000, not '1e400'")]
    public void Huge_incident_settings_are_refused_with_the_allowed_range(string github, string expected)
    {
        ConfigValidation.AssertRefused(ConfigValidation.Validate(Head + github + "checks:\n" + Check("a")), expected);
    }

    [Fact]
    public void Sizes_and_probe_durations_beyond_their_range_are_refused()
    {
        var yaml = Head + "checks:\n  - name: a\n    type: http\n    url: http://localhost/\n    max_body: 1e30GB\n";
        ConfigValidation.AssertRefused(ConfigValidation.Validate(yaml), "'max_body' must be from 0B to 1024GB");
    }

    [Fact]
    public void Byte_level_garbage_is_a_positioned_problem()
    {
        string[] garbage =
        [
            "\0\0\0", "version: 1\n\u0001checks: []", "- [\u0085\u2028", "{a: [}", "checks:\n  - name: a\n    type: tcp\n   host: x\n",
            "\"\\uD800\"", "version: 1\nchecks: [ { name: a, type: tcp, host: \"\\uDC00\", port: 1 } ]", "&a [*a]", "*unknown", "!!binary ====",
            "%YAML 1.1\n%YAML 1.1\n---\na", "version: 1\n---\nversion: 2\n", "? [a]\n: b\n", "\uFEFF\uFEFFversion: 1",
        ];
        foreach (var text in garbage)
        {
            var outcome = ConfigValidation.ValidateWithin(text, Patience);
            Assert.True(outcome.ExitCode == 2, $"exit {outcome.ExitCode} for {text}: {outcome.Describe()}");
            ConfigValidation.AssertPositioned(outcome);
        }
    }

    [Fact]
    public void Every_truncation_of_an_example_is_valid_or_refused_with_a_position()
    {
        var example = File.ReadAllText(Action.RepositoryFiles.PathOf("examples/demo.yaml"));
        for (var length = 0; length < example.Length; length += 7)
        {
            var outcome = ConfigValidation.Validate(example[..length]);
            Assert.True(outcome.ExitCode is 0 or 2 && outcome.Unexpected is null, $"exit {outcome.ExitCode} at length {length}: {outcome.Describe()}");
            if (outcome.ExitCode == 2)
            {
                ConfigValidation.AssertPositioned(outcome);
            }
        }
    }
}
