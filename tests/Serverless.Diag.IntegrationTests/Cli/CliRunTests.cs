using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Cli;

public sealed class CliRunTests : IAsyncLifetime
{
    private const string PlantedSecret = "Planted-Token-9f8e7d";
    private KestrelTarget _target = null!;

    public async Task InitializeAsync() => _target = await KestrelTarget.StartAsync(app =>
    {
        app.MapGet("/ok", () => Results.Json(new { status = "healthy" }));
        app.MapGet("/slowish", async () =>
        {
            await Task.Delay(300);
            return Results.Json(new { status = "healthy" });
        });
        // Echoes the credential back, as a careless error page would.
        app.MapGet("/leaky", (HttpRequest r) => Results.Text($"denied for {r.Headers.Authorization}", statusCode: 500));
    });

    public async Task DisposeAsync() => await _target.DisposeAsync();

    private string Config(string checks) => CliHarness.WriteConfig(
        "version: 1\nenvironments:\n  staging:\n    vars:\n      base: \"" + _target.BaseAddress.ToString().TrimEnd('/') + "\"\nchecks:\n" + checks);

    /// <summary>A config whose one http check, api, asks the target's <paramref name="path"/>; <paramref name="keys"/> are the check's further keys (expect, headers).</summary>
    private string ApiConfig(string path, string keys = "") => Config(
        string.Join('\n', ["  - name: api", "    type: http", $"    url: ${{base}}{path}", .. keys.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(k => "    " + k)]));

    /// <summary>The command line's entry point with these arguments; asserts how it exited.</summary>
    private static async Task<CliHarness.Outcome> RunAsync(int expectedExit, params string[] args)
    {
        var outcome = await CliHarness.RunAsync(null, args);
        Assert.True(outcome.ExitCode == expectedExit, $"exit {outcome.ExitCode}, expected {expectedExit}\n{outcome.Stdout}\n{outcome.Stderr}");
        return outcome;
    }

    [Fact]
    public async Task A_passing_run_exits_0_and_prints_only_the_report_on_stdout()
    {
        var config = ApiConfig("/ok", """expect: [status == 200, json.status == "healthy"]""");

        var outcome = await RunAsync(0, "run", "--config", config, "--format", "json");

        using var report = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("pass", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(string.Empty, outcome.Stderr.Trim());
    }

    [Theory]
    [InlineData("fail", 0)]
    [InlineData("warn", 1)]
    [InlineData("never", 0)]
    public async Task A_warning_run_exits_per_fail_on(string failOn, int expected)
    {
        var config = ApiConfig("/slowish", """expect: [status == 200, "warn: latency < 50ms"]""");

        var outcome = await RunAsync(expected, "run", "--config", config, "--fail-on", failOn);

        Assert.Contains("WARN", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_run_exits_1()
    {
        var config = ApiConfig("/ok", "expect: [status == 201]");

        var outcome = await RunAsync(1, "run", "--config", config);

        Assert.Contains("status == 201 failed (actual 200)", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_config_exits_2_with_positions_and_no_stack_trace()
    {
        var config = CliHarness.WriteConfig("version: 1\nchecks:\n  - name: api\n    type: http\n    url: http://x\n    expect: [statuss == 200]\n");

        var outcome = await RunAsync(2, "run", "--config", config);

        Assert.Contains($"{config}:6:14: 'statuss' is not measured by http checks (did you mean 'status'?)", outcome.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, outcome.Stdout);
    }

    [Fact]
    public async Task Unknown_environment_and_unknown_option_exit_2()
    {
        var config = ApiConfig("/ok");

        var env = await RunAsync(2, "run", "--config", config, "--env", "prod");
        await RunAsync(2, "run", "--confgi", config);

        Assert.Contains("unknown environment 'prod'", env.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_accepts_the_extended_assertion_forms_and_refuses_a_bad_one_at_its_position_with_exit_2()
    {
        var good = ApiConfig("/ok", """
            expect:
              - status == 200 or status == 204
              - len(json.items) >= 3
              - json.items[-1] exists
              - json.used <= json.limit
              - body !matches "(?i)error"
            """);
        var bad = ApiConfig("/ok", """
            expect:
              - len(json.items) exists
            """);

        await RunAsync(0, "validate", "--config", good);
        var refused = await RunAsync(2, "validate", "--config", bad);

        Assert.Contains(":11:25: invalid assertion: len(...) is a number", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_warns_about_an_unset_environment_variable_and_strict_validate_refuses_it()
    {
        var good = ApiConfig("/ok");
        var bad = ApiConfig("/ok", """headers: { Authorization: "Bearer ${env:API_TOKEN}" }""");

        var ok = await RunAsync(0, "validate", "--config", good);
        var warned = await RunAsync(0, "validate", "--config", bad);
        var refused = await RunAsync(2, "validate", "--strict", "--config", bad);

        Assert.Contains("valid", ok.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{bad}:10:39: warning: environment variable 'API_TOKEN' is not set (used by check 'api')", warned.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 warning", warned.Stdout, StringComparison.Ordinal);
        Assert.Contains("environment variable 'API_TOKEN' is not set", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_planted_secret_appears_in_no_output_format_nor_in_the_issues()
    {
        var config = Config("""
              - name: leaky
                type: http
                url: ${base}/leaky
                headers: { Authorization: "Bearer ${env:API_TOKEN}" }
                expect:
                  - status == 200
                  - body contains "${env:API_TOKEN}"
            """);
        var env = new Dictionary<string, string> { ["API_TOKEN"] = PlantedSecret };

        var outputs = await CliHarness.EveryOutputAsync(env, config, exitCode: 1);

        Assert.Contains(outputs, o => o.Contains("denied for ***", StringComparison.Ordinal));
        Assert.All(outputs, o => Assert.DoesNotContain(PlantedSecret, o, StringComparison.Ordinal));
    }
}
