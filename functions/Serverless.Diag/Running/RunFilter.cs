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

    /// <summary>
    /// Whether this entry point may run load checks at all; they still need the environment's <c>allow_load</c>. True for
    /// the CLI, the Action and scheduled runs; the on-demand HTTP function sets it from the deployment's
    /// DIAG_ALLOW_LOAD_ON_DEMAND (off by default), never from the request.
    /// </summary>
    public bool AllowLoadChecks { get; init; } = true;
}
