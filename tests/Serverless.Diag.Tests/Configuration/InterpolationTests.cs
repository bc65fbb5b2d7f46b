using Serverless.Diag.Configuration;
using Serverless.Diag.Running;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.Configuration;

public class InterpolationTests
{
    private const string Yaml = """
        version: 1
        vars: { host: shared.example }
        environments:
          staging:
            vars:
              base: https://staging.example
              dsn: "postgres://app:${env:DB_PASSWORD}@db:5432/app"
          production:
            vars:
              base: https://prod.example
              dsn: x
        checks:
          - name: api
            type: scripted
            url: ${base}/health?h=${host}&literal=$${base}
          - name: db
            type: scripted
            url: ${dsn}
            environments: [staging]
        """;

    private static readonly Func<string, string?> Env = name => name == "DB_PASSWORD" ? "s3cr3t-planted" : null;

    [Fact]
    public void Expands_vars_per_environment_and_keeps_escaped_dollars()
    {
        var scripted = new ScriptedProbeFactory();
        var urls = new List<string>();
        var plan = TestConfigs.Plan(Yaml, scripted, environment: Env);

        Assert.Equal(["staging", "production"], plan.Environments.Select(e => e.Environment.Name));
        Assert.Equal(2, plan.Environments[0].Checks.Count);
        Assert.Single(plan.Environments[1].Checks);
        var staging = plan.Environments[0].Environment;
        var interpolator = new Interpolator(staging.Vars, Env, "staging", new ConfigDiagnostics(), plan.Secrets);
        var url = interpolator.Expand(new ConfigScalar("${base}/health?h=${host}&literal=$${base}", SourceMark.None));
        Assert.Equal("https://staging.example/health?h=shared.example&literal=${base}", url.Value);
        Assert.False(url.IsSecret);
    }

    [Fact]
    public void Values_from_the_process_environment_are_secrets()
    {
        var plan = TestConfigs.Plan(Yaml, new ScriptedProbeFactory(), environment: Env);

        Assert.Contains("s3cr3t-planted", plan.Secrets.Values);
        Assert.Equal("postgres://app:***@db:5432/app", plan.Secrets.Redact("postgres://app:s3cr3t-planted@db:5432/app"));
    }

    [Fact]
    public void A_password_inside_a_url_is_a_secret_even_when_written_in_the_file()
    {
        var plan = TestConfigs.Plan("""
            version: 1
            checks:
              - name: a
                type: scripted
                url: https://user:hunter22@example.test/
            """, new ScriptedProbeFactory());

        Assert.Equal("https://user:***@example.test/", plan.Secrets.Redact("https://user:hunter22@example.test/"));
    }

    [Fact]
    public void Var_overrides_replace_the_environment_value()
    {
        var scripted = new ScriptedProbeFactory();
        var plan = TestConfigs.Plan(Yaml, scripted, new RunFilter { Environments = ["production"], VarOverrides = new Dictionary<string, string> { ["base"] = "https://preview-42.example" } }, Env);

        Assert.Equal("https://preview-42.example", plan.Environments.Single().Environment.Vars["base"].Value);
    }

    [Fact]
    public void Unknown_environment_or_check_in_a_filter_names_the_valid_ones()
    {
        var e = Assert.Throws<SelectionException>(() => TestConfigs.Plan(Yaml, new ScriptedProbeFactory(), new RunFilter { Environments = ["stagin"] }, Env));
        Assert.Equal(["staging", "production"], e.ValidNames);
        Assert.Contains("did you mean 'staging'", e.Message, StringComparison.Ordinal);

        var c = Assert.Throws<SelectionException>(() => TestConfigs.Plan(Yaml, new ScriptedProbeFactory(), new RunFilter { Checks = ["nope"] }, Env));
        Assert.Equal(["api", "db"], c.ValidNames);
    }
}
