using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Diag.IntegrationTests.Action;
using Serverless.Diag.IntegrationTests.Functions;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.TestKit.Azurite;
using Serverless.Diag.TestKit.GitHub;

namespace Serverless.Diag.IntegrationTests.Silences;

/// <summary>
/// Each <c>serverless-diag run --file-issues</c> a process of its own, sharing only the state store (a directory, or
/// Azure Table Storage in Azurite) and a GitHub-compatible API: a <c>/diag snooze</c> and the <c>silenced</c> label
/// are in the report of the run that honours them, the hold after <c>/diag resolve</c> is lifted by a pass another
/// process saw, and an <c>--until-pass</c> silence ends when each check has passed once, in different processes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentControlProcessesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Token = "ghs_incidentControlToken0123456789ab";
    private TargetServer _target = null!;
    private FakeGitHubServer _github = null!;

    public async Task InitializeAsync()
    {
        _target = await TargetServer.StartAsync();
        _github = await FakeGitHubServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        await _target.DisposeAsync();
    }

    private string Healthy => _target.BaseUrl + "/health";

    private string Broken => _target.BaseUrl + "/broken/health";

    private RunnerStep NewStep(string? tableState = null)
    {
        var step = new RunnerStep();
        step.Environment.Remove("GITHUB_ACTIONS");
        step.Environment["GITHUB_TOKEN"] = Token;
        step.Environment["GITHUB_REPOSITORY"] = _github.Repository;
        step.Environment["GITHUB_API_URL"] = _github.BaseUrl;
        if (tableState is not null)
        {
            step.Environment["DIAG_STATE"] = tableState;
        }

        step.WriteConfig("""
            version: 1
            github:
              labels: [incident]
            environments:
              prod:
                vars: { api_url: "http://127.0.0.1:1/", db_url: "http://127.0.0.1:1/" }
            checks:
              - name: api
                type: http
                url: ${api_url}
                timeout: 5s
                expect: ['status == 200']
              - name: db
                type: http
                url: ${db_url}
                timeout: 5s
                expect: ['status == 200']
            """);
        return step;
    }

    private async Task<string> TableStateAsync() => (await azurite.ServerAsync()).ConnectionString + $"TableName={AzuriteFixture.UniqueTableName()};";

    [Fact]
    public async Task A_snooze_and_the_silenced_label_are_in_the_report_of_the_run_that_reads_them_and_the_snooze_is_listed()
    {
        using var step = NewStep();
        string[] state = ["--state", Path.Combine(step.Root, "state")];
        await FileAsync(step, state, Broken);
        var issue = Assert.Single(_github.Issues);
        _github.AddComment(issue.Number, "/diag snooze 2h", "carol", "COLLABORATOR");

        var snoozedAt = TimeProvider.System.GetUtcNow();
        var report = JsonDocument.Parse(await FileAsync(step, state, Broken, "json")).RootElement;
        var api = report.GetProperty("environments")[0].GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "api");
        Assert.Equal("fail", api.GetProperty("status").GetString());
        var silenced = api.GetProperty("silenced");
        Assert.Equal("snooze", silenced.GetProperty("kind").GetString());
        var id = silenced.GetProperty("name").GetString()!;
        Assert.Matches("^[0-9a-f]{8}$", id);
        var until = DateTimeOffset.Parse(silenced.GetProperty("until").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(until - snoozedAt, TimeSpan.FromMinutes(110), TimeSpan.FromMinutes(121));
        Assert.Equal("@carol", silenced.GetProperty("reason").GetString());

        var listed = await step.RunCliAsync(["silence", "--list", .. state]);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains($"{id}  prod  api  until", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("snoozed by @carol with /diag snooze", listed.Stdout, StringComparison.Ordinal);
        var clear = await step.RunCliAsync(["silence", "--clear", id, .. state]);
        Assert.True(clear.ExitCode == 2, clear.ToString());
        Assert.Contains("/diag snooze", clear.Stderr, StringComparison.Ordinal);

        // The next run (a new process) finds the snooze in the store as well as in the issue: one mark, one comment.
        var text = await FileAsync(step, state, Broken, "text");
        Assert.Contains($"[silenced: snooze {id} until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC]", text, StringComparison.Ordinal);
        Assert.Single(issue.Comments, c => c.Body.Contains("**Snoozed** until", StringComparison.Ordinal));

        issue.Labels.Add("silenced");
        var markdown = await FileAsync(step, state, Broken, "markdown");
        Assert.Contains("🔕 silenced: label silenced until removed", markdown, StringComparison.Ordinal);
        Assert.True(Assert.Single(_github.Issues).IsOpen);
    }

    [Fact]
    public async Task After_a_resolve_a_pass_seen_by_another_process_lets_the_next_failure_reopen_through_the_local_store()
    {
        using var step = NewStep();
        await ResolveHoldAcrossProcessesAsync(step, ["--state", Path.Combine(step.Root, "state")]);
    }

    [AzuriteFact]
    public async Task After_a_resolve_a_pass_seen_by_another_process_lets_the_next_failure_reopen_through_table_storage()
    {
        using var step = NewStep(await TableStateAsync());
        await ResolveHoldAcrossProcessesAsync(step, []);
    }

    [Fact]
    public async Task An_until_pass_silence_ends_when_each_check_passed_once_in_different_processes_through_the_local_store()
    {
        using var step = NewStep();
        await UntilPassAcrossProcessesAsync(step, ["--state", Path.Combine(step.Root, "state")]);
    }

    [AzuriteFact]
    public async Task An_until_pass_silence_ends_when_each_check_passed_once_in_different_processes_through_table_storage()
    {
        using var step = NewStep(await TableStateAsync());
        await UntilPassAcrossProcessesAsync(step, []);
    }

    private async Task ResolveHoldAcrossProcessesAsync(RunnerStep step, string[] state)
    {
        await FileAsync(step, state, Broken);
        var issue = Assert.Single(_github.Issues);
        _github.AddComment(issue.Number, "/diag resolve", "olivia", "OWNER");

        await FileAsync(step, state, Broken);
        Assert.False(Assert.Single(_github.Issues).IsOpen);
        await FileAsync(step, state, Broken);
        Assert.False(Assert.Single(_github.Issues).IsOpen);

        // Another process sees the check pass: the hold is lifted for everyone, so the next failure reopens.
        await FileAsync(step, state, Healthy);
        Assert.False(Assert.Single(_github.Issues).IsOpen);
        await FileAsync(step, state, Broken);
        Assert.True(Assert.Single(_github.Issues).IsOpen);
    }

    private async Task UntilPassAcrossProcessesAsync(RunnerStep step, string[] state)
    {
        var set = await step.RunCliAsync(["silence", "--env", "prod", "--for", "1h", "--until-pass", "--reason", "rollout", .. state]);
        Assert.True(set.ExitCode == 0, set.ToString());
        var id = Id().Match(set.Stdout).Value;

        var first = JsonDocument.Parse(await RunAsync(step, state, ("api_url", Healthy), ("db_url", Broken))).RootElement;
        Assert.All(first.GetProperty("environments")[0].GetProperty("checks").EnumerateArray(), c => Assert.Equal(id, c.GetProperty("silenced").GetProperty("name").GetString()));
        var listed = await step.RunCliAsync(["silence", "--list", .. state]);
        Assert.Contains($"{id}  prod  every check", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("(passed so far: api)", listed.Stdout, StringComparison.Ordinal);

        await RunAsync(step, state, ("api_url", Broken), ("db_url", Healthy));
        Assert.Contains("no silences in force", (await step.RunCliAsync(["silence", "--list", .. state])).Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"silenced\"", await RunAsync(step, state, ("api_url", Broken), ("db_url", Broken)), StringComparison.Ordinal);
    }

    /// <summary>One run of the api check, filing its incident; its report in <paramref name="format"/>.</summary>
    private static async Task<string> FileAsync(RunnerStep step, string[] state, string url, string format = "json")
    {
        var run = await step.RunCliAsync(["run", "--check", "api", "--var", $"api_url={url}", "--file-issues", "--format", format, "--fail-on", "never", .. state]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(run.Stderr.Split('\n'), l => l.StartsWith("incidents: ", StringComparison.Ordinal) && !l.Contains(" opened, ", StringComparison.Ordinal));
        Assert.DoesNotContain(Token, run.Stdout + run.Stderr, StringComparison.Ordinal);
        return run.Stdout;
    }

    private static async Task<string> RunAsync(RunnerStep step, string[] state, params (string Name, string Value)[] vars)
    {
        var run = await step.RunCliAsync(["run", "--format", "json", "--fail-on", "never", .. vars.SelectMany(v => new[] { "--var", $"{v.Name}={v.Value}" }), .. state]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout;
    }

    [GeneratedRegex("^[0-9a-f]{8}", RegexOptions.Multiline)]
    private static partial Regex Id();
}
