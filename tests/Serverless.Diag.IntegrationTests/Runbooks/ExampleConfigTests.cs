using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// The runbook examples stay valid (as <c>serverless-diag validate</c> sees them, with every <c>${env:...}</c> they name set
/// to a dummy), editor-friendly, and in step with docs/runbook-coverage.md.
/// </summary>
public sealed partial class ExampleConfigTests
{
    public static TheoryData<string> Examples => new()
    {
        "toolboxai-backend.yaml",
        "fastapi-service.yaml",
        "halcytone-dry-run.yaml",
        "generic-backend.yaml",
        "ai-saas-platform.yaml",
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_loads_and_plans_in_every_environment(string example)
    {
        var path = RunbookRunner.ExamplePath(example);
        var named = EnvReference().Matches(File.ReadAllText(path)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, NullLoggerFactory.Instance, name => named.Contains(name) ? Dummy(name) : null);

        var config = pipeline.LoadConfig(path);
        var plan = pipeline.Plan(config, RunFilter.All);

        Assert.NotEmpty(named);
        Assert.True(config.Environments.Count >= 2, "a runbook config describes more than one environment");
        Assert.All(plan.Environments, e => Assert.NotEmpty(e.Checks));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_points_editors_at_the_schema(string example)
    {
        var firstLine = File.ReadLines(RunbookRunner.ExamplePath(example)).First();

        Assert.Equal("# yaml-language-server: $schema=../docs/diag.schema.json", firstLine);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_check_of_the_example_appears_in_the_coverage_table(string example)
    {
        var path = RunbookRunner.ExamplePath(example);
        var coverage = File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, "..", "docs", "runbook-coverage.md"));
        var section = coverage[coverage.IndexOf($"(`examples/{example}`)", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 1, StringComparison.Ordinal);
        section = next > 0 ? section[..next] : section;

        var config = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, NullLoggerFactory.Instance, _ => "dummy").LoadConfig(path);
        var missing = config.Checks.Select(c => c.Name).Where(name => !section.Contains($"`{name}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"checks of {example} missing from docs/runbook-coverage.md: {string.Join(", ", missing)}");
    }

    /// <summary>A value of the right shape: the loader parses connection strings when it plans.</summary>
    private static string Dummy(string name) => name switch
    {
        "DATABASE_URL" => "postgresql://monitor:dummy-password@db.example.internal:5432/app",
        "REDIS_URL" => "redis://:dummy-password@cache.example.internal:6379/0",
        _ => "dummy-" + name,
    };

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvReference();
}
