using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Diag.IntegrationTests.Action;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.TestKit.Azurite;

namespace Serverless.Diag.IntegrationTests.Silences;

/// <summary>
/// <c>serverless-diag silence</c> in one process, <c>serverless-diag run</c> in another: the silence reaches the run
/// through the state store alone (a shared directory, or Azure Table Storage in Azurite).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SilenceProcessesTests(AzuriteFixture azurite)
{
    private const string Config = """
        version: 1
        environments:
          staging: {}
          production: {}
        checks:
          - name: api
            type: http
            url: http://127.0.0.1:1/health
            timeout: 2s
            tags: [edge]
            expect: ['status == 200']
          - name: db
            type: http
            url: http://127.0.0.1:1/db
            timeout: 2s
            expect: ['status == 200']
        """;

    [Fact]
    public async Task A_silence_set_by_one_process_is_seen_by_another_through_the_local_store_and_clear_ends_it()
    {
        using var step = NewStep();
        var state = Path.Combine(step.Root, "state");
        await SilenceSeenAcrossProcessesAsync(step, ["--state", state]);
    }

    [AzuriteFact]
    public async Task A_silence_set_by_one_process_is_seen_by_another_through_table_storage()
    {
        using var step = NewStep();
        var connection = (await azurite.ServerAsync()).ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};";
        step.Environment["DIAG_STATE"] = connection;
        await SilenceSeenAcrossProcessesAsync(step, []);
    }

    [Fact]
    public async Task Longer_than_seven_days_needs_force_and_unknown_names_are_refused()
    {
        using var step = NewStep();
        string[] state = ["--state", Path.Combine(step.Root, "state")];

        var tooLong = await step.RunCliAsync(["silence", "--env", "staging", "--for", "8d", .. state]);
        var forced = await step.RunCliAsync(["silence", "--env", "staging", "--for", "8d", "--force", .. state]);
        var unknown = await step.RunCliAsync(["silence", "--env", "stagin", "--for", "1h", .. state]);
        var noStore = await step.RunCliAsync("silence", "--env", "staging", "--for", "1h");
        var badClear = await step.RunCliAsync(["silence", "--clear", "nope", .. state]);

        Assert.True(tooLong.ExitCode == 2, tooLong.ToString());
        Assert.Contains("--force", tooLong.Stderr, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("did you mean 'staging'", unknown.Stderr, StringComparison.Ordinal);
        Assert.True(noStore.ExitCode == 2, noStore.ToString());
        Assert.Contains("DIAG_STATE", noStore.Stderr, StringComparison.Ordinal);
        Assert.True(badClear.ExitCode == 2, badClear.ToString());
    }

    private static RunnerStep NewStep()
    {
        var step = new RunnerStep();
        step.Environment.Remove("GITHUB_ACTIONS");
        step.WriteConfig(Config);
        return step;
    }

    private static async Task SilenceSeenAcrossProcessesAsync(RunnerStep step, string[] state)
    {
        var set = await step.RunCliAsync(["silence", "--env", "staging", "--tag", "edge", "--for", "30m", "--reason", "deploy 1.4.2", .. state]);
        Assert.True(set.ExitCode == 0, set.ToString());
        var id = Id().Match(set.Stdout).Value;
        Assert.Matches("^[0-9a-f]{8}$", id);

        var listed = await step.RunCliAsync(["silence", "--list", .. state]);
        Assert.Contains($"{id}  staging  tag:edge  until", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("reason: deploy 1.4.2", listed.Stdout, StringComparison.Ordinal);

        var during = await RunAsync(step, state);
        var api = Check(during, "staging", "api");
        Assert.Equal("error", api.GetProperty("status").GetString());
        Assert.Equal("silence", api.GetProperty("silenced").GetProperty("kind").GetString());
        Assert.Equal(id, api.GetProperty("silenced").GetProperty("name").GetString());
        Assert.Equal("deploy 1.4.2", api.GetProperty("silenced").GetProperty("reason").GetString());
        Assert.False(Check(during, "staging", "db").TryGetProperty("silenced", out _));
        Assert.False(Check(during, "production", "api").TryGetProperty("silenced", out _));

        var cleared = await step.RunCliAsync(["silence", "--clear", id, .. state]);
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        var after = await RunAsync(step, state);
        Assert.False(Check(after, "staging", "api").TryGetProperty("silenced", out _));
        Assert.Contains("no silences in force", (await step.RunCliAsync(["silence", "--list", .. state])).Stdout, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> RunAsync(RunnerStep step, string[] state)
    {
        var run = await step.RunCliAsync(["run", "--format", "json", "--fail-on", "never", .. state]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private static JsonElement Check(JsonElement report, string environment, string check) =>
        report.GetProperty("environments").EnumerateArray().Single(e => e.GetProperty("name").GetString() == environment)
            .GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == check);

    [GeneratedRegex("^[0-9a-f]{8}", RegexOptions.Multiline)]
    private static partial Regex Id();
}
