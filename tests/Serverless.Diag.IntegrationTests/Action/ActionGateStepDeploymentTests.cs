using System.Text.Json;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>The gate step's <c>record-deployment</c> and <c>baseline</c> inputs, through the action's own script.</summary>
public sealed partial class ActionGateStepTests
{
    [Theory]
    [InlineData("push", "true", true)]
    [InlineData("schedule", "true", false)]
    [InlineData("push", "false", false)]
    public async Task With_a_state_store_the_gate_records_the_commit_unless_scheduled_or_turned_off(string eventName, string record, bool recorded)
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config());
        step.Environment["GITHUB_EVENT_NAME"] = eventName;
        step.Environment["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567";
        step.Environment["GITHUB_REF"] = "refs/heads/main";
        var state = Path.Combine(step.Root, "state");

        var result = await RunGateStepAsync(step, new Dictionary<string, string>
        {
            ["state"] = state,
            ["record-deployment"] = record,
            ["checks"] = "health",
            ["environment"] = "staging",
            ["vars"] = $"base={_gate.Targets.Base}\nsuffix=/health",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        var file = Path.Combine(state, "deployments", "staging.json");
        Assert.Equal(recorded, File.Exists(file));
        if (recorded)
        {
            using var markers = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var marker = Assert.Single(markers.RootElement.GetProperty("deployments").EnumerateArray());
            Assert.Equal("0123456789abcdef0123456789abcdef01234567", marker.GetProperty("sha").GetString());
            Assert.Equal("refs/heads/main", marker.GetProperty("ref").GetString());
        }
    }

    [Fact]
    public async Task The_baseline_input_passes_the_report_and_a_bad_one_is_refused_with_its_position()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config());
        var bad = Path.Combine(step.Workspace, "main-report.json");
        await File.WriteAllTextAsync(bad, "{\n  \"environments\": [ }\n");

        var result = await RunGateStepAsync(step, new Dictionary<string, string> { ["baseline"] = bad });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{bad}:2:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("the baseline report is not valid JSON", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("error", result.Outputs["status"]);
    }
}
