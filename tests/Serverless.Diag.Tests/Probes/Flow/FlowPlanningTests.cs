using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;
using Serverless.Diag.Probes.Flow;
using Serverless.Diag.Running;

namespace Serverless.Diag.Tests.Probes.Flow;

/// <summary>How a flow's <c>${name}</c> meets the config's own interpolation: captured names wait for run time, the rest is expanded now.</summary>
public sealed class FlowPlanningTests
{
    private static FlowProbe Plan(string steps, string vars = "base: http://127.0.0.1:1, literal: 'a$${b}c'")
    {
        var yaml = $$"""
            version: 1
            environments:
              staging:
                vars: { {{vars}} }
            checks:
              - name: flow
                type: flow
                steps:
            {{steps}}
            """;
        var registry = new ProbeRegistry(BuiltInProbes.Create());
        var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");
        var plan = new RunPlanner(registry, name => name == "PW" ? "PW9#SECRET" : null).Plan(config, RunFilter.All);
        return Assert.IsType<FlowProbe>(plan.Environments.Single().Checks.Single().Probe);
    }

    [Fact]
    public void Captured_names_stay_for_run_time_while_vars_and_env_are_expanded_and_literals_stay_literal()
    {
        var probe = Plan("""
                  - name: login
                    method: POST
                    url: ${base}/login
                    body: "pw=${env:PW}&x=$${raw}"
                    capture: { token: json.token }
                  - name: use
                    url: ${base}/items/${token}?l=${literal}
            """);

        var login = probe.Settings.Steps[0];
        var use = probe.Settings.Steps[1];
        Assert.Equal("pw=PW9#SECRET&x=$${raw}", login.Body!.Text);
        Assert.Empty(login.Body.References);
        Assert.Equal(["token"], use.Url.References.Select(r => r.Name));

        var filled = use.Url.Fill(new Dictionary<string, string> { ["token"] = "a#b&c" }, TemplateEncoding.Url);
        Assert.Equal("http://127.0.0.1:1/items/a%23b%26c?l=a${b}c", filled);
    }

    [Fact]
    public void A_json_body_gets_captured_values_json_escaped()
    {
        var template = FlowTemplate.Parse("{\"name\":\"${who}\"}");

        Assert.Equal("{\"name\":\"say \\\"hi\\\"\"}", template.Fill(new Dictionary<string, string> { ["who"] = "say \"hi\"" }, TemplateEncoding.Json));
    }

    [Fact]
    public void A_name_neither_captured_nor_defined_is_an_undefined_variable()
    {
        var error = Assert.Throws<ConfigException>(() => Plan("""
                  - name: use
                    url: ${base}/items/${nothing}
            """));

        Assert.Contains(error.Errors, e => e.Message.StartsWith("undefined variable 'nothing'", StringComparison.Ordinal) && e.Mark.Line == 10);
    }

    [Fact]
    public void A_flow_without_steps_is_refused()
    {
        var error = Assert.Throws<ConfigException>(() => Plan("    steps_missing: true\n"));

        Assert.Contains(error.Errors, e => e.Message.Contains("needs 'steps'", StringComparison.Ordinal) || e.Message.Contains("steps_missing", StringComparison.Ordinal));
    }
}
