using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Diag.Tests.Action;

public sealed partial class ActionMetadataSchemaTests
{
    private static readonly string ActionYaml = RepositoryFiles.Read("action/action.yml");

    private static JsonObject Action => YamlToJson.Convert(ActionYaml)!.AsObject();

    [Fact]
    public async Task Action_yml_is_valid_against_the_official_schema()
    {
        var errors = await SchemaValidation.ValidateYamlAsync("github-action.json", ActionYaml);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("    default: 'false'\n", "    default: false\n", "an unquoted boolean default")]
    [InlineData("name: Serverless.Diag gate\n", "", "no name")]
    [InlineData("  using: composite\n", "  using: composite\n  unknown-key: 1\n", "an unknown key under runs")]
    [InlineData("    required: false\n    default: diag.yaml\n", "    required: 'no'\n    default: diag.yaml\n", "a string where a boolean belongs")]
    [InlineData("    value: ${{ steps.gate.outputs.status }}\n", "", "a composite output without a value")]
    [InlineData("  using: composite\n", "  using: node99\n", "an unknown runtime")]
    public async Task The_schema_check_refuses_a_broken_action_yml(string original, string broken, string why)
    {
        Assert.Contains(original, ActionYaml, StringComparison.Ordinal);
        var errors = await SchemaValidation.ValidateYamlAsync("github-action.json", ReplaceFirst(ActionYaml, original, broken));

        Assert.True(errors.Count > 0, $"{why} was accepted");
    }

    [Theory]
    [InlineData("config", "diag.yaml")]
    [InlineData("environment", "")]
    [InlineData("checks", "")]
    [InlineData("tags", "")]
    [InlineData("vars", "")]
    [InlineData("fail-on", "fail")]
    [InlineData("file-issues", "false")]
    [InlineData("comment-on-pr", "false")]
    [InlineData("github-token", "${{ github.token }}")]
    public void Every_input_the_product_promises_is_declared_with_its_default(string input, string expectedDefault)
    {
        var declared = Action["inputs"]![input];

        Assert.NotNull(declared);
        Assert.Equal(expectedDefault, (string?)declared["default"]);
        Assert.False((bool?)declared["required"] ?? false);
        Assert.False(string.IsNullOrWhiteSpace((string?)declared["description"]));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("report")]
    [InlineData("failed-checks")]
    public void Every_output_is_the_gate_steps_output_of_the_same_name(string output)
    {
        Assert.Equal($"${{{{ steps.gate.outputs.{output} }}}}", (string?)Action["outputs"]![output]!["value"]);
    }

    [Fact]
    public void It_is_a_composite_action_that_sets_up_dotnet_and_restores_a_cached_build_before_building()
    {
        var runs = Action["runs"]!;
        Assert.Equal("composite", (string?)runs["using"]);
        var steps = runs["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();

        var setup = steps.FindIndex(s => ((string?)s["uses"])?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        var cache = steps.FindIndex(s => ((string?)s["uses"])?.StartsWith("actions/cache@", StringComparison.Ordinal) == true);
        var build = steps.FindIndex(s => ((string?)s["run"])?.Contains("dotnet publish", StringComparison.Ordinal) == true);
        var gate = steps.FindIndex(s => (string?)s["id"] == "gate");
        Assert.True(setup >= 0 && setup < cache && cache < build && build < gate, $"order: setup {setup}, cache {cache}, build {build}, gate {gate}");

        Assert.Equal("${{ steps.setup.outputs.key }}", (string?)steps[cache]["with"]!["key"]);
        Assert.Equal("${{ steps.setup.outputs.dir }}", (string?)steps[cache]["with"]!["path"]);
        Assert.Equal("cache", (string?)steps[cache]["id"]);
        Assert.Equal("steps.cache.outputs.cache-hit != 'true'", (string?)steps[build]["if"]);
        Assert.Contains("github.action_ref", steps.Single(s => (string?)s["id"] == "setup")["env"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_steps_name_their_shell_and_take_inputs_only_through_the_environment()
    {
        foreach (var step in Action["runs"]!["steps"]!.AsArray().Select(s => s!.AsObject()).Where(s => s.ContainsKey("run")))
        {
            Assert.Equal("bash", (string?)step["shell"]);

            // An expression pasted into a script is a shell injection waiting for a hostile input value.
            Assert.DoesNotContain("${{", (string?)step["run"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_input_reaches_the_gate_step_and_every_referenced_input_exists()
    {
        var inputs = Action["inputs"]!.AsObject().Select(p => p.Key).ToHashSet();
        var referenced = InputReference().Matches(ActionYaml).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Subset(inputs, referenced);
        var gateEnvironment = Action["runs"]!["steps"]!.AsArray().Single(s => (string?)s!["id"] == "gate")!["env"]!.ToJsonString();
        foreach (var input in inputs.Where(i => i != "dotnet-version"))
        {
            Assert.Contains($"inputs.{input} }}}}", gateEnvironment, StringComparison.Ordinal);
        }

        Assert.Contains("inputs.dotnet-version", ActionYaml, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string original, string replacement)
    {
        var index = text.IndexOf(original, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + original.Length));
    }

    [GeneratedRegex(@"inputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex InputReference();
}
