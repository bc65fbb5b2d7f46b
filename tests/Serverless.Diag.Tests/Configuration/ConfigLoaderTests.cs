using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Configuration;

public class ConfigLoaderTests
{
    private const string Valid = """
        version: 1
        defaults:
          timeout: 3s
          retries: 1
          severity: P1
          url: http://default
        github:
          repository: acme/backend
          labels: [incident, synthetic]
          close_after: 3
          escalate_after: { P2: 30m }
        environments:
          staging:
            vars: { base: "https://staging.acme.dev" }
          production:
            vars: { base: "https://acme.dev" }
            allow_load: true
        checks:
          - name: api-health
            type: scripted
            url: ${base}/health
            severity: P0
            tags: [smoke]
            expect:
              - status == 200
              - warn: latency < 500ms
          - name: database
            type: scripted
            environments: [production]
            depends_on: [api-health]
            timeout: 10s
        """;

    [Fact]
    public void Loads_environments_checks_defaults_and_github_settings()
    {
        var config = TestConfigs.Parse(Valid);

        Assert.Equal(["staging", "production"], config.Environments.Select(e => e.Name));
        Assert.True(config.FindEnvironment("production")!.AllowLoad);
        Assert.False(config.FindEnvironment("staging")!.AllowLoad);

        var health = config.FindCheck("api-health")!;
        Assert.Equal(Severity.P0, health.Severity);
        Assert.Equal(TimeSpan.FromSeconds(3), health.Timeout);
        Assert.Equal(1, health.Retries);
        Assert.Equal(["smoke"], health.Tags);
        Assert.Equal(2, health.Expect.Count);
        Assert.True(health.Expect[1].IsWarning);
        Assert.Equal("latency < 500ms", health.Expect[1].Text.Value);
        Assert.Equal("${base}/health", ((ConfigScalar)health.Settings["url"]!).Value);

        var database = config.FindCheck("database")!;
        Assert.Equal(Severity.P1, database.Severity);
        Assert.Equal(TimeSpan.FromSeconds(10), database.Timeout);
        Assert.Equal("http://default", ((ConfigScalar)database.Settings["url"]!).Value);
        Assert.False(database.RunsIn("staging"));
        Assert.Equal(["api-health"], database.DependsOn.Select(d => d.Value));

        var github = GitHubSettings.Of(config);
        Assert.Equal("acme/backend", github.Repository);
        Assert.Equal(["incident", "synthetic"], github.Labels);
        Assert.Equal(3, github.CloseAfter);
        Assert.Equal(TimeSpan.FromMinutes(30), github.EscalateAfter[Severity.P2]);
    }

    [Fact]
    public void Without_environments_the_checks_run_in_an_implicit_default_one()
    {
        var config = TestConfigs.Parse("""
            version: 1
            vars: { base: http://x }
            checks:
              - name: a
                type: scripted
                url: ${base}
            """);

        var environment = Assert.Single(config.Environments);
        Assert.Equal(ConfigLoader.DefaultEnvironmentName, environment.Name);
        Assert.True(environment.Vars.ContainsKey("base"));
    }

    [Theory]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: htp\n", "diag.yaml:4:11: unknown check type 'htp' (did you mean 'http'?)")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    urll: x\n", "diag.yaml:5:5: unknown key 'urll' in check 'a' (scripted) (did you mean 'url'?)")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    timeout: 10 sec\n", "diag.yaml:5:14: 'timeout' must be a duration such as 500ms, 10s or 5m, not '10 sec'")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    severity: P7\n", "diag.yaml:5:15: 'severity' must be one of P0, P1, P2, P3, not 'P7'")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n  - name: a\n    type: scripted\n", "diag.yaml:5:11: duplicate check name 'a' (first defined at diag.yaml:3:11)")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    depends_on: [b]\n", "diag.yaml:5:18: 'depends_on' names unknown check 'b'")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    depends_on: [b]\n  - name: b\n    type: scripted\n    depends_on: [a]\n", "diag.yaml:3:11: dependency cycle: a -> b -> a")]
    [InlineData("version: 1\nchekcs: []\n", "diag.yaml:2:1: unknown key 'chekcs' in the config (did you mean 'checks'?)")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    environments: [prod]\nenvironments:\n  staging: {}\n", "diag.yaml:5:20: unknown environment 'prod' (known: staging)")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    url: ${bse}\nvars: { base: x }\n", "diag.yaml:5:10: undefined variable 'bse' in environment 'default' (did you mean 'base'?) (defined: base)")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    url: \"${env:NOT_SET_ANYWHERE}\"\n", "diag.yaml:5:11: environment variable 'NOT_SET_ANYWHERE' is not set")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    expect:\n      - { other: x }\n", "diag.yaml:6:9: each 'expect' line is an assertion such as 'status == 200', or 'warn: <assertion>'")]
    [InlineData("version: 1\nchecks: [\n", "diag.yaml:3:1: invalid YAML")]
    [InlineData("version: 1\nchecks:\n  - name: a\n    type: scripted\n    type: scripted\n", "diag.yaml:5:5: duplicate key 'type'")]
    public void Reports_each_problem_at_its_position(string yaml, string expected)
    {
        var errors = TestConfigs.Errors(yaml).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_every_problem_of_a_file_at_once()
    {
        var errors = TestConfigs.Errors("""
            version: 1
            checks:
              - name: a
                type: htp
              - name: b
                type: scripted
                timeout: soon
                retries: many
              - name: b
                type: scripted
            """);

        Assert.Equal(4, errors.Count);
        Assert.Equal([4, 7, 8, 9], errors.Select(e => e.Mark.Line));
    }

    [Fact]
    public void A_missing_file_is_a_config_error_not_a_crash()
    {
        var e = Assert.Throws<ConfigException>(() => new ConfigLoader(TestConfigs.Registry()).Load("/nonexistent/diag.yaml"));

        Assert.Contains("cannot read the config file", e.Message, StringComparison.Ordinal);
    }
}

public class ExpectValidationTests
{
    [Theory]
    [InlineData("      - status =< 200\n", "diag.yaml:6:16: invalid assertion: unknown operator '=<' (did you mean '<='?)")]
    [InlineData("      - lateny < 2s\n", "diag.yaml:6:9: 'lateny' is not measured by scripted checks (did you mean 'latency'?)")]
    [InlineData("      - warn: latency < 2sec\n", "diag.yaml:6:26: invalid assertion: unknown unit 'sec'")]
    [InlineData("      - \"status in 401\"\n", "diag.yaml:6:20: invalid assertion: 'in' needs a list such as [401, 403]")]
    public void Assertion_problems_point_at_the_column_inside_the_line(string line, string expected)
    {
        var yaml = "version: 1\nchecks:\n  - name: a\n    type: scripted\n    expect:\n" + line;

        var errors = TestConfigs.Errors(yaml).Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }
}
