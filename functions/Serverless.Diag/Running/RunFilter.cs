namespace Serverless.Diag.Running;

/// <summary>Which environments and checks a run covers; empty lists mean all.</summary>
public sealed record RunFilter
{
    public static RunFilter All { get; } = new();

    public IReadOnlyList<string> Environments { get; init; } = [];

    public IReadOnlyList<string> Checks { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>--var name=value</c>: overrides every selected environment's vars.</summary>
    public IReadOnlyDictionary<string, string> VarOverrides { get; init; } = new Dictionary<string, string>();

    /// <summary>False for the on-demand HTTP function: load checks run only where this and the environment allow.</summary>
    public bool AllowLoadChecks { get; init; } = true;
}
