using System.Text.Json.Nodes;

namespace Serverless.Diag.Tests.Action;

public sealed class WorkflowSchemaTests
{
    public static TheoryData<string> Workflows() => new(WorkflowFiles());

    private static IEnumerable<string> WorkflowFiles() =>
        Directory.GetFiles(RepositoryFiles.PathOf(".github/workflows"))
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Select(f => Path.GetFileName(f))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_repository_has_its_ci_and_the_example_gate()
    {
        Assert.Contains("ci.yml", WorkflowFiles());
        Assert.Contains("example-deploy-gate.yml", WorkflowFiles());
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task Workflow_is_valid_against_the_official_schema(string file)
    {
        var errors = await SchemaValidation.ValidateYamlAsync("github-workflow.json", Read(file));

        Assert.Empty(errors);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Uses_of_the_action_pass_only_inputs_it_declares(string file)
    {
        var inputs = YamlToJson.Convert(RepositoryFiles.Read("action/action.yml"))!["inputs"]!.AsObject().Select(p => p.Key).ToHashSet();
        var uses = Steps(file).Where(s => (string?)s["uses"] == "./action").ToList();

        foreach (var step in uses)
        {
            Assert.Subset(inputs, (step["with"]?.AsObject().Select(p => p.Key) ?? []).ToHashSet());
        }
    }

    [Fact]
    public void Ci_builds_and_runs_the_readme_test_command_and_runs_the_action_on_every_runner_platform()
    {
        var ci = YamlToJson.Convert(Read("ci.yml"))!;

        Assert.Contains(Steps("ci.yml"), s => (string?)s["run"] == "bash .ci/run");
        var platforms = ci["jobs"]!["action"]!["strategy"]!["matrix"]!["os"]!.AsArray().Select(o => (string?)o).ToList();
        Assert.Equal(["ubuntu-latest", "windows-latest", "macos-latest"], platforms);
        Assert.Contains(Steps("ci.yml"), s => (string?)s["uses"] == "./action");
    }

    [Fact]
    public void The_example_gate_feeds_the_deploy_url_to_the_checks_and_keeps_the_report()
    {
        var gate = Steps("example-deploy-gate.yml").Single(s => (string?)s["uses"] == "./action");

        Assert.Contains("base=${{ needs.deploy.outputs.url }}", (string?)gate["with"]!["vars"], StringComparison.Ordinal);
        Assert.Contains(Steps("example-deploy-gate.yml"), s => ((string?)s["with"]?["path"]) == "${{ steps.gate.outputs.report }}");
    }

    [Theory]
    [InlineData("    timeout-minutes: 45\n", "    timeout-minutes: forty-five\n")]
    [InlineData("    runs-on: ubuntu-latest\n    timeout-minutes: 45\n", "    timeout-minutes: 45\n")]
    [InlineData("permissions:\n  contents: read\n", "permissions:\n  contents: maybe\n")]
    [InlineData("  workflow_dispatch:\n", "  workflow_dispatch:\n    inputs:\n      level:\n        description: d\n        type: choice\n")]
    public async Task The_schema_check_refuses_a_broken_workflow(string original, string broken)
    {
        var ci = Read("ci.yml");
        Assert.Contains(original, ci, StringComparison.Ordinal);
        var index = ci.IndexOf(original, StringComparison.Ordinal);

        var errors = await SchemaValidation.ValidateYamlAsync("github-workflow.json", string.Concat(ci.AsSpan(0, index), broken, ci.AsSpan(index + original.Length)));

        Assert.NotEmpty(errors);
    }

    private static string Read(string file) => RepositoryFiles.Read($".github/workflows/{file}");

    private static IEnumerable<JsonObject> Steps(string file) =>
        YamlToJson.Convert(Read(file))!["jobs"]!.AsObject()
            .SelectMany(job => job.Value!["steps"]?.AsArray() ?? [])
            .Select(step => step!.AsObject());
}
