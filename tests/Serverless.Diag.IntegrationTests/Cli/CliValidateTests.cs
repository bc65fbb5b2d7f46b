namespace Serverless.Diag.IntegrationTests.Cli;

/// <summary><c>validate</c> agrees with <c>run</c>, reports every problem at once, and works where the secrets are not.</summary>
public sealed class CliValidateTests
{
    private static string ExamplePath(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "examples", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(name);
    }

    [Fact]
    public async Task An_example_validates_without_its_secrets_naming_each_variable_and_its_checks_and_nothing_derived_from_them()
    {
        var example = ExamplePath("toolboxai-backend.yaml");

        var lint = await CliHarness.RunAsync(null, "validate", "--config", example);
        var strict = await CliHarness.RunAsync(null, "validate", "--strict", "--config", example);
        var run = await CliHarness.RunAsync(null, "run", "--config", example);

        Assert.True(lint.ExitCode == 0, lint.Stderr);
        Assert.Contains("warning: environment variable 'TOOLBOXAI_API_TOKEN' is not set (used by checks ", lint.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("needs 'token'", lint.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("names no host", lint.Stderr, StringComparison.Ordinal);
        Assert.All(lint.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(": warning: ", line, StringComparison.Ordinal));
        Assert.Equal(2, strict.ExitCode);
        Assert.Contains("environment variable 'TOOLBOXAI_API_TOKEN' is not set", strict.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("environment variable 'TOOLBOXAI_API_TOKEN' is not set", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_secrets_other_problems_of_a_check_that_uses_one_are_still_reported()
    {
        var config = CliHarness.WriteConfig("""
            version: 1
            checks:
              - name: api
                type: http
                url: https://api.example.test/
                method: "GE T"
                auth: { type: bearer, token: "${env:API_TOKEN_UNSET}" }
            """);

        var lint = await CliHarness.RunAsync(null, "validate", "--config", config);

        Assert.Equal(2, lint.ExitCode);
        Assert.Contains($"{config}:6:13: 'method' must be an HTTP method", lint.Stderr, StringComparison.Ordinal);
        Assert.Contains("warning: environment variable 'API_TOKEN_UNSET' is not set (used by check 'api')", lint.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_across_checks()
    {
        var config = CliHarness.WriteConfig("""
            version: 1
            checks:
              - name: a
                type: htp
                url: http://x/
              - name: b
                type: http
                url: ${undefined_base}/health
                depends_on: [a]
            """);

        var outcome = await CliHarness.RunAsync(null, "validate", "--config", config);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"{config}:4:11: unknown check type 'htp'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{config}:8:10: undefined variable 'undefined_base'", outcome.Stderr, StringComparison.Ordinal);
        // 'a' was refused for its type; naming it in depends_on is not a second problem.
        Assert.DoesNotContain("unknown check 'a'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 problems in the config", outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timeout: 60d", "'timeout' must be from 1ms to 24h, not '60d'")]
    [InlineData("retry_delay: 2h", "'retry_delay' must be from 0s to 1h, not '2h'")]
    public async Task Validate_refuses_what_run_would_refuse(string setting, string expected)
    {
        var config = CliHarness.WriteConfig($"version: 1\nchecks:\n  - name: a\n    type: tcp\n    host: localhost\n    port: 1\n    {setting}\n");

        var validate = await CliHarness.RunAsync(null, "validate", "--config", config);
        var run = await CliHarness.RunAsync(null, "run", "--config", config);

        Assert.Equal(2, validate.ExitCode);
        Assert.Contains($"{config}:7:", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains(expected, validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(validate.Stderr, run.Stderr);
    }

    [Fact]
    public async Task A_chain_of_ten_variables_validates_and_runs()
    {
        var vars = string.Concat(Enumerable.Range(0, 10).Select(i => $"  v{i}: \"${{v{i + 1}}}\"\n")) + "  v10: \"127.0.0.1\"\n";
        var config = CliHarness.WriteConfig($"version: 1\nvars:\n{vars}checks:\n  - name: a\n    type: tcp\n    host: ${{v0}}\n    port: 9\n    timeout: 2s\n");

        var validate = await CliHarness.RunAsync(null, "validate", "--config", config);
        var run = await CliHarness.RunAsync(null, "run", "--config", config, "--fail-on", "never");

        Assert.True(validate.ExitCode == 0, validate.Stderr);
        Assert.True(run.ExitCode == 0, run.Stderr);
    }

    [Fact]
    public async Task A_selection_that_matches_nothing_is_refused_like_an_unknown_check()
    {
        var config = CliHarness.WriteConfig("""
            version: 1
            environments: { staging: {}, production: {} }
            checks:
              - name: a
                type: tcp
                host: localhost
                port: 1
                tags: [smoke]
              - name: b
                type: tcp
                host: localhost
                port: 1
                tags: [deep]
                environments: [production]
            """);

        var unknownTag = await CliHarness.RunAsync(null, "run", "--config", config, "--tag", "smok");
        var nothing = await CliHarness.RunAsync(null, "run", "--config", config, "--tag", "deep", "--env", "staging");
        var unknownCheck = await CliHarness.RunAsync(null, "run", "--config", config, "--check", "c");

        Assert.Equal(2, unknownTag.ExitCode);
        Assert.Contains("unknown tag 'smok' (did you mean 'smoke'?) (valid: deep, smoke)", unknownTag.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Contains("the selection (environments: staging; tags: deep) matches no check", nothing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknownCheck.ExitCode);
        Assert.Contains("unknown check 'c'", unknownCheck.Stderr, StringComparison.Ordinal);
    }
}
