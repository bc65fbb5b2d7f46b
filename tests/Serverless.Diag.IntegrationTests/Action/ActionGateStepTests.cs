using System.Text.Json;
using System.Text.RegularExpressions;
using Serverless.Diag.TestKit.Notifications;
using YamlDotNet.RepresentationModel;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>
/// The gate step of action/action.yml, run as the runner runs a composite step: its <c>run</c> script through
/// <c>bash --noprofile --norc -eo pipefail</c>, its <c>env</c> evaluated from the action's inputs (a workflow's
/// <c>with</c>, else the declared default) and the published command line's folder.
/// </summary>
public sealed partial class ActionGateStepTests : IAsyncLifetime
{
    private GitHubGate _gate = null!;

    // The token is the fixture's; the gate step itself sets GITHUB_TOKEN from its github-token input (the runner's
    // token by default), over the one GitHubGate.Connect puts in the step.
    public async Task InitializeAsync() => _gate = await GitHubGate.StartAsync("ghs_fixtureTokenTheGateStepReplaces");

    public async Task DisposeAsync() => await _gate.DisposeAsync();

    [Fact]
    public async Task Inputs_become_arguments_vars_lines_override_the_environment_and_comments_are_ignored()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config(), "deploy/diag.yaml");

        var result = await RunGateStepAsync(step, new Dictionary<string, string>
        {
            ["config"] = "deploy/diag.yaml",
            ["environment"] = "staging,\n production\n",
            ["checks"] = "health",
            ["vars"] = $"# the URL the deploy step produced\n  base={_gate.Targets.Base}  \n\nsuffix=/health\n",
            ["fail-on"] = "warn",
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("pass", result.Outputs["status"]);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(result.Outputs["report"]));
        var environments = report.RootElement.GetProperty("environments").EnumerateArray().ToList();
        Assert.Equal(["staging", "production"], environments.Select(e => e.GetProperty("name").GetString()));
        Assert.All(environments, e => Assert.Equal(["health"], e.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString())));
        Assert.Equal(2, _gate.Targets.Requests);
    }

    [Fact]
    public async Task With_the_defaults_the_gate_runs_diag_yaml_fails_on_fail_and_exits_1()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config().Replace("dead-port", _gate.Targets.Base.Replace("http://", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal));

        var result = await RunGateStepAsync(step, new Dictionary<string, string>());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("fail", result.Outputs["status"]);
        Assert.Equal(["staging/health", "staging/broken", "production/health", "production/broken"], JsonSerializer.Deserialize<string[]>(result.Outputs["failed-checks"])!);
    }

    [Fact]
    public async Task A_vars_line_without_a_name_is_refused_with_exit_2()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config());

        var result = await RunGateStepAsync(step, new Dictionary<string, string> { ["vars"] = "just-a-value" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("name=value", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boolean_inputs_turn_on_their_options()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config());

        var result = await RunGateStepAsync(step, new Dictionary<string, string> { ["comment-on-pr"] = "TRUE", ["checks"] = "health", ["vars"] = $"base={_gate.Targets.Base}\nsuffix=/health" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("comment-on-pr: the event is push", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_true_with_file_issues_pages_once_per_outage_and_links_the_issue()
    {
        const string routingKey = "pd-action-PLANTED-0a1b2c3d4e5f";
        await using var receiver = await NotificationReceiver.StartAsync();
        using var step = _gate.Connect(new RunnerStep());
        // As a workflow passes secrets to the step: env: PD_ROUTING_KEY: ${{ secrets.PD_ROUTING_KEY }}.
        step.Environment["PD_ROUTING_KEY"] = routingKey;
        step.Environment["PD_EVENTS_URL"] = receiver.Url("/v2/enqueue");
        step.WriteConfig(Config() + """

            notify:
              - name: oncall
                type: pagerduty
                routing_key: ${env:PD_ROUTING_KEY}
                events_url: ${env:PD_EVENTS_URL}
            """);
        var with = new Dictionary<string, string> { ["environment"] = "staging", ["checks"] = "broken", ["vars"] = $"base={_gate.Targets.Base}", ["file-issues"] = "true", ["notify"] = "true" };

        var first = await RunGateStepAsync(step, with);
        var second = await RunGateStepAsync(step, with);

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.True(second.ExitCode == 1, second.ToString());
        var issue = Assert.Single(_gate.GitHub.Issues);
        var trigger = JsonDocument.Parse(Assert.Single(receiver.Accepted).Body).RootElement;
        Assert.Equal("trigger", trigger.GetProperty("event_action").GetString());
        Assert.Equal("staging/broken", trigger.GetProperty("dedup_key").GetString());
        Assert.EndsWith($"/issues/{issue.Number}", trigger.GetProperty("links")[0].GetProperty("href").GetString(), StringComparison.Ordinal);
        // The runner is told to mask the key (::add-mask::, never shown in its log); nothing else may carry it.
        Assert.Contains(first.Commands, c => c.Command == "add-mask" && c.Data == routingKey);
        static string Unmasked(StepResult r) => string.Join('\n', r.ToString().Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
        foreach (var text in new[] { Unmasked(first), Unmasked(second), first.Summary, second.Summary, issue.Body })
        {
            Assert.DoesNotContain(routingKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(receiver.Url("/v2/enqueue"), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Silence_for_silences_the_selected_environments_before_the_gate_runs_which_still_fails_on_the_real_status()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config());
        var state = Path.Combine(step.Root, "state");

        var result = await RunGateStepAsync(step, new Dictionary<string, string> { ["environment"] = "staging", ["silence-for"] = "20m", ["state"] = state });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("fail", result.Outputs["status"]);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(result.Outputs["report"]));
        var checks = report.RootElement.GetProperty("environments").EnumerateArray().Single().GetProperty("checks").EnumerateArray().ToList();
        Assert.All(checks, c => Assert.Equal("silence", c.GetProperty("silenced").GetProperty("kind").GetString()));
        Assert.All(checks, c => Assert.Equal("deployment (run 4242)", c.GetProperty("silenced").GetProperty("reason").GetString()));
        var listed = await step.RunCliAsync("silence", "--list", "--state", state);
        Assert.Contains("staging  every check", listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("production", listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silence_for_without_a_state_store_stops_the_step_with_exit_2()
    {
        using var step = new RunnerStep();
        step.WriteConfig(Config());

        var result = await RunGateStepAsync(step, new Dictionary<string, string> { ["silence-for"] = "20m" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("DIAG_STATE", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<StepResult> RunGateStepAsync(RunnerStep step, IReadOnlyDictionary<string, string> with)
    {
        var bash = FindBash();
        if (bash is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("bash is required to run the action's gate step, and CI=true");
            }

            Assert.Fail("bash not found: install it to run the action's gate step test");
        }

        var (script, env) = GateStep();
        var inputs = Inputs();
        foreach (var (name, expression) in env)
        {
            step.Environment[name] = Evaluate(expression, with, inputs);
        }

        var scriptPath = Path.Combine(step.Root, "gate.sh");
        await File.WriteAllTextAsync(scriptPath, script);

        // The runner finds dotnet on PATH, put there by setup-dotnet.
        var dotnetFolder = Path.GetDirectoryName(Path.GetFullPath(RunnerStep.DotnetHost));
        if (dotnetFolder is not null && File.Exists(RunnerStep.DotnetHost))
        {
            step.Environment["PATH"] = dotnetFolder + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        return await step.RunAsync(bash, ["--noprofile", "--norc", "-eo", "pipefail", scriptPath]);
    }

    private static string? FindBash() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, OperatingSystem.IsWindows() ? "bash.exe" : "bash"))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The expressions the gate step may use: inputs (a default may itself be <c>${{ github.token }}</c>) and the
    /// installed command line; anything else fails the test.
    /// </summary>
    private static string Evaluate(string value, IReadOnlyDictionary<string, string> with, IReadOnlyDictionary<string, string> defaults) =>
        Expression().Replace(value, match => match.Groups[1].Value switch
        {
            var e when e.StartsWith("inputs.", StringComparison.Ordinal) =>
                with.TryGetValue(e["inputs.".Length..], out var given) ? given : Evaluate(defaults[e["inputs.".Length..]], with, defaults),
            "github.token" => "ghs_runnerTokenForTheTest",
            // The install step's binary (the Native AOT build when the tests were given one), else the source build's apphost.
            "steps.install.outputs.bin || steps.setup.outputs.bin" => Aot.AotBinary.Given ?? Path.Combine(Path.GetDirectoryName(RunnerStep.CliPath)!, OperatingSystem.IsWindows() ? "serverless-diag.exe" : "serverless-diag"),
            var e => throw new InvalidOperationException($"the gate step uses an expression this test does not know: {e}"),
        });

    private static (string Script, IReadOnlyDictionary<string, string> Env) GateStep()
    {
        var gate = ((YamlSequenceNode)Action()["runs"]["steps"]).Children.Cast<YamlMappingNode>()
            .Single(s => s.Children.TryGetValue("id", out var id) && ((YamlScalarNode)id).Value == "gate");
        var env = ((YamlMappingNode)gate["env"]).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty);
        return (((YamlScalarNode)gate["run"]).Value!, env);
    }

    private static Dictionary<string, string> Inputs() =>
        ((YamlMappingNode)Action()["inputs"]).Children.ToDictionary(
            p => ((YamlScalarNode)p.Key).Value!,
            p => ((YamlMappingNode)p.Value).Children.TryGetValue("default", out var d) ? ((YamlScalarNode)d).Value ?? string.Empty : string.Empty);

    private static YamlMappingNode Action()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepositoryRoot(), "action", "action.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.Diag.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private static string Config() =>
        """
        version: 1
        environments:
          staging:
            vars: { base: http://dead-port, suffix: /nothing }
          production:
            vars: { base: http://dead-port, suffix: /nothing }
        checks:
          - name: health
            type: http
            url: ${base}${suffix}
            expect:
              - status == 200
          - name: broken
            type: http
            url: ${base}/broken
            expect:
              - status == 200
        """;

    [GeneratedRegex(@"\$\{\{\s*([^}]+?)\s*\}\}")]
    private static partial Regex Expression();
}
