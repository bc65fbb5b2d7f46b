using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;

namespace Serverless.Diag.Tests.Action;

/// <summary>The configs the workflows hand to the action load without a problem, as the gate would load them.</summary>
public sealed class WorkflowConfigTests
{
    [Theory]
    [InlineData(".github/serverless-diag/smoke.yaml", new[] { "local" }, new[] { "health" })]
    [InlineData(".github/serverless-diag/gate.yaml", new[] { "staging", "production" }, new[] { "api-health", "api-ready", "tls" })]
    public void The_config_a_workflow_gives_the_action_is_valid(string path, string[] environments, string[] checks)
    {
        DiagConfig config;
        try
        {
            config = new ConfigLoader(ProbeCatalog.CreateDefault()).Load(RepositoryFiles.PathOf(path));
        }
        catch (ConfigException e)
        {
            Assert.Fail(e.Message);
            throw;
        }

        Assert.Equal(environments, config.Environments.Select(e => e.Name));
        Assert.Equal(checks, config.Checks.Select(c => c.Name));
    }

    [Fact]
    public void Every_config_a_workflow_names_exists()
    {
        foreach (var workflow in Directory.GetFiles(RepositoryFiles.PathOf(".github/workflows"), "*.yml"))
        {
            var steps = YamlToJson.Convert(File.ReadAllText(workflow))!["jobs"]!.AsObject()
                .SelectMany(job => job.Value!["steps"]?.AsArray() ?? [])
                .Where(step => (string?)step!["uses"] == "./action");
            foreach (var step in steps)
            {
                var config = (string?)step!["with"]?["config"] ?? "diag.yaml";
                Assert.True(File.Exists(RepositoryFiles.PathOf(config)), $"{Path.GetFileName(workflow)} names {config}, which does not exist");
            }
        }
    }
}
