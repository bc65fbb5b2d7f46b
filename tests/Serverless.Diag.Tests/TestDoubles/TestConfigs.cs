using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Probes;
using Serverless.Diag.Running;

namespace Serverless.Diag.Tests.TestDoubles;

internal static class TestConfigs
{
    public static ProbeRegistry Registry(ScriptedProbeFactory? scripted = null) =>
        new ProbeRegistry(BuiltInProbes.Create()).Add(scripted ?? new ScriptedProbeFactory()).Add(new GitHubSection());

    public static DiagConfig Parse(string yaml, ScriptedProbeFactory? scripted = null) =>
        new ConfigLoader(Registry(scripted)).Parse(yaml, "diag.yaml");

    public static IReadOnlyList<ConfigError> Errors(string yaml, Func<string, string?>? environment = null)
    {
        try
        {
            var registry = Registry();
            var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");
            new RunPlanner(registry, environment ?? (_ => null)).Plan(config, RunFilter.All);
            return [];
        }
        catch (ConfigException e)
        {
            return e.Errors;
        }
    }

    public static RunPlan Plan(string yaml, ScriptedProbeFactory scripted, RunFilter? filter = null, Func<string, string?>? environment = null)
    {
        var registry = Registry(scripted);
        var config = new ConfigLoader(registry).Parse(yaml, "diag.yaml");
        return new RunPlanner(registry, environment ?? (_ => null)).Plan(config, filter ?? RunFilter.All);
    }
}
