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
    public void It_installs_the_verified_release_binary_first_and_builds_from_source_only_in_source_mode()
    {
        var runs = Action["runs"]!;
        Assert.Equal("composite", (string?)runs["using"]);
        var steps = runs["steps"]!.AsArray().Select(s => s!.AsObject()).ToList();

        var install = steps.FindIndex(s => (string?)s["id"] == "install");
        var setup = steps.FindIndex(s => ((string?)s["uses"])?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        var restore = steps.FindIndex(s => ((string?)s["uses"])?.StartsWith("actions/cache/restore@", StringComparison.Ordinal) == true);
        var build = steps.FindIndex(s => ((string?)s["run"])?.Contains("dotnet publish", StringComparison.Ordinal) == true);
        var save = steps.FindIndex(s => ((string?)s["uses"])?.StartsWith("actions/cache/save@", StringComparison.Ordinal) == true);
        var gate = steps.FindIndex(s => (string?)s["id"] == "gate");
        Assert.True(install == 0 && install < setup && setup < restore && restore < build && build < save && save < gate, $"order: install {install}, setup {setup}, restore {restore}, build {build}, save {save}, gate {gate}");

        Assert.Contains("install-cli.sh", (string?)steps[install]["run"], StringComparison.Ordinal);
        Assert.Equal("${{ inputs.install-mode }}", (string?)steps[install]["env"]!["INSTALL_MODE"]);
        // Every source-build step runs only when the install step found no binary.
        foreach (var step in new[] { setup, restore, build, save }.Concat([steps.FindIndex(s => (string?)s["id"] == "setup")]))
        {
            Assert.StartsWith("steps.install.outputs.mode == 'source'", (string?)steps[step]["if"], StringComparison.Ordinal);
        }

        Assert.Equal("${{ steps.setup.outputs.key }}", (string?)steps[restore]["with"]!["key"]);
        Assert.Equal("${{ steps.setup.outputs.dir }}", (string?)steps[restore]["with"]!["path"]);
        Assert.Equal("cache", (string?)steps[restore]["id"]);
        Assert.EndsWith("steps.cache.outputs.cache-hit != 'true'", (string?)steps[build]["if"], StringComparison.Ordinal);
        // Saved before the gate runs, so a failing gate keeps its build; the user's SDK never fails it on a warning.
        Assert.Equal((string?)steps[build]["if"], (string?)steps[save]["if"]);
        Assert.Contains("-p:TreatWarningsAsErrors=false", (string?)steps[build]["run"], StringComparison.Ordinal);
        Assert.Contains("-p:RunAnalyzers=false", (string?)steps[build]["run"], StringComparison.Ordinal);
        Assert.Contains("github.action_ref", steps.Single(s => (string?)s["id"] == "setup")["env"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("${{ steps.install.outputs.bin || steps.setup.outputs.bin }}", (string?)steps[gate]["env"]!["DIAG_CLI"]);
    }

    [Fact]
    public void The_gate_passes_items_as_option_equals_value_and_stops_git_bash_rewriting_paths()
    {
        var gate = Action["runs"]!["steps"]!.AsArray().Single(s => (string?)s!["id"] == "gate")!;
        var script = (string?)gate["run"]!;

        Assert.Equal("1", (string?)gate["env"]!["MSYS_NO_PATHCONV"]);
        foreach (var option in new[] { "--env=", "--check=", "--tag=", "--var=", "--config=", "--fail-on=", "--state=" })
        {
            Assert.Contains(option, script, StringComparison.Ordinal);
        }

        Assert.DoesNotMatch(@"args\+=\(--(env|check|tag|var) ", script);
    }

    [Fact]
    public void Every_action_the_action_and_the_workflows_use_is_on_its_node24_major()
    {
        var current = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["actions/checkout"] = 6,
            ["actions/setup-dotnet"] = 5,
            ["actions/cache"] = 6,
            ["actions/cache/restore"] = 6,
            ["actions/cache/save"] = 6,
            ["actions/upload-artifact"] = 6,
            ["actions/download-artifact"] = 7,
            ["actions/attest-build-provenance"] = 4,
        };
        var files = new[] { "action/action.yml" }.Concat(Directory.GetFiles(RepositoryFiles.PathOf(".github/workflows")).Select(f => ".github/workflows/" + Path.GetFileName(f)));
        foreach (var file in files)
        {
            foreach (Match use in UsesLine().Matches(RepositoryFiles.Read(file)))
            {
                var name = use.Groups["name"].Value;
                Assert.True(current.ContainsKey(name), $"{file}: {name} is not a known action; add its Node 24 major here");
                Assert.Equal($"v{current[name]}", use.Groups["ref"].Value);
            }
        }
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
        foreach (var input in inputs.Where(i => i is not ("dotnet-version" or "install-mode")))
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

    [GeneratedRegex(@"uses:\s*(?<name>[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)@(?<ref>\S+)")]
    private static partial Regex UsesLine();

    [GeneratedRegex(@"inputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex InputReference();
}
