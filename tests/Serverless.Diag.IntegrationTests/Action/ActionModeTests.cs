using System.Text.Json;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>The command line as a GitHub Actions step: a separate process, the runner's environment, local targets.</summary>
public sealed class ActionModeTests : IAsyncLifetime
{
    /// <summary>One check of the target's health endpoint, with no assertion of its own.</summary>
    private const string HealthCheck =
        """
          - name: api-health
            type: http
            url: ${base}/health
        """;

    private GateTargets _targets = null!;

    public async Task InitializeAsync() => _targets = await GateTargets.StartAsync();

    public async Task DisposeAsync() => await _targets.DisposeAsync();

    [Fact]
    public async Task A_passing_gate_exits_0_with_every_output_the_summary_and_a_group_per_environment()
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, 0,
            """
              - name: api-health
                type: http
                url: ${base}/health
                expect:
                  - status == 200
                  - json.status == "healthy"
            """);

        var outputs = result.Outputs;
        Assert.Equal(["failed-checks", "report", "status"], outputs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("pass", outputs["status"]);
        Assert.Equal("[]", outputs["failed-checks"]);
        Assert.StartsWith(step.RunnerTemp, outputs["report"], StringComparison.Ordinal);
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(outputs["report"])))
        {
            Assert.Equal("pass", report.RootElement.GetProperty("status").GetString());
            Assert.Equal(["staging", "production"], report.RootElement.GetProperty("environments").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        }

        Assert.Contains("Serverless.Diag gate", result.Summary, StringComparison.Ordinal);
        Assert.Contains("| api-health |", result.Summary, StringComparison.Ordinal);
        Assert.Contains("https://github.example/acme/backend/actions/runs/4242", result.Summary, StringComparison.Ordinal);

        var commands = result.Commands.Where(c => c.Command != "stop-commands").ToList();
        Assert.Equal(["group", "endgroup", "group", "endgroup"], commands.Select(c => c.Command));
        Assert.StartsWith("staging: pass", commands[0].Data, StringComparison.Ordinal);
        Assert.StartsWith("production: pass", commands[2].Data, StringComparison.Ordinal);
        Assert.Empty(result.Annotations);
    }

    [Theory]
    [InlineData("fail", 0)]
    [InlineData("warn", 1)]
    [InlineData("never", 0)]
    public async Task A_degraded_gate_exits_as_fail_on_says_and_annotates_a_warning(string failOn, int expectedExit)
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, expectedExit,
            """
              - name: api-health
                type: http
                url: ${base}/health
                expect:
                  - status == 200
                  - warn: body contains "fast"
            """, "--env", "staging", "--fail-on", failOn);

        Assert.Equal("warn", result.Outputs["status"]);
        Assert.Equal("[]", result.Outputs["failed-checks"]);
        var warning = Assert.Single(result.Annotations);
        Assert.Equal("warning", warning.Command);
        Assert.Equal("api-health", warning.Properties["title"]);
        Assert.Equal("diag.yaml", warning.Properties["file"]);
        Assert.Contains("body contains \"fast\" failed", warning.Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fail", 1)]
    [InlineData("warn", 1)]
    [InlineData("never", 0)]
    public async Task A_failing_gate_annotates_failed_assertions_and_timeouts_alike(string failOn, int expectedExit)
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, expectedExit,
            """
              - name: api-health
                type: http
                url: ${base}/health
                expect:
                  - status == 200
              - name: broken
                type: http
                url: ${base}/broken
                expect:
                  - status == 200
              - name: hangs
                type: http
                url: ${base}/hang
                timeout: 1s
                expect:
                  - status == 200
            """, "--env", "staging", "--fail-on", failOn);

        Assert.Equal("fail", result.Outputs["status"]);
        Assert.Equal(["staging/broken", "staging/hangs"], JsonSerializer.Deserialize<string[]>(result.Outputs["failed-checks"])!);
        Assert.Equal(["error", "error"], result.Annotations.Select(a => a.Command));
        var broken = result.Annotations.Single(a => a.Properties["title"] == "broken");
        Assert.Contains("status == 200 failed (actual 503)", broken.Data, StringComparison.Ordinal);
        var hangs = result.Annotations.Single(a => a.Properties["title"] == "hangs");
        Assert.Contains("timeout", hangs.Data, StringComparison.Ordinal);
        Assert.Contains("| hangs |", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_json_output_file_the_report_output_is_that_file()
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, 0, HealthCheck, "--format", "json", "--output", "report.json");

        Assert.Equal(Path.Combine(step.Workspace, "report.json"), result.Outputs["report"]);
        Assert.Empty(Directory.GetFiles(step.RunnerTemp, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_bad_config_exits_2_runs_nothing_and_says_why_on_its_line()
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, 2,
            """
              - name: api-health
                type: http
                url: ${base}/health
                expect:
                  - status === 200
            """);

        Assert.Equal(0, _targets.Requests);
        Assert.Equal("error", result.Outputs["status"]);
        Assert.Equal(string.Empty, result.Outputs["report"]);
        Assert.Equal("[]", result.Outputs["failed-checks"]);
        var annotation = Assert.Single(result.Annotations);
        Assert.Equal("error", annotation.Command);
        Assert.Equal("diag.yaml", annotation.Properties["file"]);
        Assert.Equal("14", annotation.Properties["line"]);
        Assert.Contains("config refused", result.Summary, StringComparison.Ordinal);
        Assert.Contains("diag.yaml:14:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_baseline_report_is_named_as_such_not_as_the_config()
    {
        using var step = new RunnerStep();
        await File.WriteAllTextAsync(Path.Combine(step.Workspace, "main-report.json"), "{\n  \"environments\": 5\n}\n");

        var result = await RunGateAsync(step, 2, HealthCheck, "--baseline", "main-report.json");

        Assert.Equal(0, _targets.Requests);
        Assert.Equal("error", result.Outputs["status"]);
        var annotation = Assert.Single(result.Annotations);
        Assert.Equal("serverless-diag: baseline report refused", annotation.Properties["title"]);
        Assert.Equal("main-report.json", annotation.Properties["file"]);
        Assert.Contains("baseline report refused, nothing ran", result.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("config refused", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_with_many_problems_annotates_ten_and_lists_them_all_in_the_summary()
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, 2, string.Concat(Enumerable.Range(0, 12).Select(i =>
            $"""
              - name: check-{i}
                type: http
                url: ${"{"}base{"}"}/health
                expect:
                  - status === {i}

            """)));

        Assert.Equal(10, result.Annotations.Count);
        Assert.Contains("12 problems in the config, 2 not annotated", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(12, result.Summary.Split('\n').Count(l => l.StartsWith("- `diag.yaml:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unknown_environment_exits_2_with_status_error()
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, 2, HealthCheck, "--env", "nowhere");

        Assert.Equal("error", result.Outputs["status"]);
        Assert.Contains("nowhere", Assert.Single(result.Annotations).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_check_names_and_messages_reach_the_runner_exactly_and_forge_nothing()
    {
        using var step = new RunnerStep();

        var result = await RunGateAsync(step, 1,
            """
              - name: "evil%25 name: a, b\n::error::forged-by-name"
                type: http
                url: ${base}/broken
                expect:
                  - status == 200
              - name: "echo, body: 100%"
                type: http
                url: ${base}/hostile
                expect:
                  - json.message == "ok"
            """, "--env", "staging");

        Assert.Equal(["error", "error"], result.Annotations.Select(a => a.Command));
        var byName = result.Annotations.Single(a => a.Properties["title"] == "evil%25 name: a, b\n::error::forged-by-name");
        Assert.Contains("status == 200 failed (actual 503)", byName.Data, StringComparison.Ordinal);
        var byMessage = result.Annotations.Single(a => a.Properties["title"] == "echo, body: 100%");
        using (var report = JsonDocument.Parse(await File.ReadAllTextAsync(result.Outputs["report"])))
        {
            var actual = report.RootElement.GetProperty("environments")[0].GetProperty("checks")[1].GetProperty("assertions")[0].GetProperty("actual").GetString()!;
            Assert.Contains("100% sure", actual, StringComparison.Ordinal);
            Assert.Contains($"json.message == \"ok\" failed (actual {actual})", byMessage.Data, StringComparison.Ordinal);
        }

        // A literal "%0A" in the target's text stays literal: the percent sign was escaped, not passed through.
        Assert.Contains("%0A", byMessage.Data, StringComparison.Ordinal);
        Assert.Contains('\n', byMessage.Data);

        // Nothing in the log, the report's text or the names became a command of its own.
        Assert.DoesNotContain(result.Commands, c => c.Data.StartsWith("forged", StringComparison.Ordinal) || c.Command == "forged");
        Assert.Single(result.Commands, c => c.Command == "group");
        Assert.Equal(["staging/evil%25 name: a, b\n::error::forged-by-name", "staging/echo, body: 100%"], JsonSerializer.Deserialize<string[]>(result.Outputs["failed-checks"])!);
    }

    [Fact]
    public async Task A_planted_secret_is_masked_before_anything_else_and_appears_nowhere_but_the_mask()
    {
        const string secret = "pl4nted-s3cret-token-7f3a";
        using var step = new RunnerStep();
        step.Environment["API_TOKEN"] = secret;

        var result = await RunGateAsync(step, 1,
            """
              - name: echo-auth
                type: http
                url: ${base}/echo-auth?token=${env:API_TOKEN}
                headers:
                  Authorization: Bearer ${env:API_TOKEN}
                expect:
                  - status == 200
            """, "--env", "staging");

        var lines = result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var masks = lines.TakeWhile(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        Assert.Contains($"::add-mask::{secret}", masks);
        Assert.All(lines.Skip(masks.Count), l => Assert.DoesNotContain(secret, l, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.OutputFile, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Summary, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(result.Outputs["report"]);
        Assert.DoesNotContain(secret, report, StringComparison.Ordinal);

        // The target did echo it: the redaction, not luck, kept it out.
        Assert.Contains("you sent: ***", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_stays_under_the_runners_limit_and_points_to_the_full_report()
    {
        using var step = new RunnerStep();
        const int earlier = (1024 * 1024) - (24 * 1024);
        await File.WriteAllTextAsync(step.SummaryPath, new string('.', earlier - 1) + "\n");
        var checks = string.Concat(Enumerable.Range(0, 12).Select(i =>
            $"""
              - name: big-{i}
                type: http
                url: ${"{"}base{"}"}/big/{i}
                expect:
                  - status == 200

            """));

        var result = await RunGateAsync(step, 1, checks, "--env", "staging");
        var size = new FileInfo(step.SummaryPath).Length;
        Assert.True(size < 1024 * 1024, $"summary is {size} bytes");
        Assert.True(size > earlier, "nothing was appended");
        Assert.Contains(result.Outputs["report"], result.Summary, StringComparison.Ordinal);
        Assert.Contains("1 MiB", result.Summary[earlier..], StringComparison.Ordinal);
        Assert.Contains("job summary was cut", result.Stdout, StringComparison.Ordinal);

        // The report keeps every check the summary could not.
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(result.Outputs["report"]));
        Assert.Equal(12, report.RootElement.GetProperty("environments")[0].GetProperty("checks").GetArrayLength());
    }

    /// <summary>Writes diag.yaml with these checks into the step, runs the gate over it with the options and asserts its exit code.</summary>
    private async Task<StepResult> RunGateAsync(RunnerStep step, int expectedExit, string checks, params string[] options)
    {
        step.WriteConfig(Config(checks));
        var result = await step.RunCliAsync(["run", "--config", "diag.yaml", .. options]);
        Assert.True(result.ExitCode == expectedExit, result.ToString());
        return result;
    }

    private string Config(string checks) =>
        $"""
        version: 1
        defaults:
          timeout: 10s
        environments:
          staging:
            vars: {"{"} base: {_targets.Base} {"}"}
          production:
            vars: {"{"} base: {_targets.Base} {"}"}
        checks:
        {checks}
        """;
}
