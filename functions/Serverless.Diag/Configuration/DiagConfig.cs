namespace Serverless.Diag.Configuration;

/// <summary>A loaded, statically valid <c>diag.yaml</c>.</summary>
public sealed record DiagConfig
{
    public required string SourcePath { get; init; }

    public int Version { get; init; } = 1;

    public GitHubSettings GitHub { get; init; } = new();

    public required IReadOnlyList<EnvironmentDefinition> Environments { get; init; }

    public required IReadOnlyList<CheckDefinition> Checks { get; init; }

    /// <summary>The <c>state:</c> block (retention of the run history).</summary>
    public StateSettings State { get; init; } = new();

    public EnvironmentDefinition? FindEnvironment(string name) => Environments.FirstOrDefault(e => e.Name == name);

    public CheckDefinition? FindCheck(string name) => Checks.FirstOrDefault(c => c.Name == name);
}
