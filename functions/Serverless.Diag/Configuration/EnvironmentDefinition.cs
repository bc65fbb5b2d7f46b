namespace Serverless.Diag.Configuration;

/// <param name="Vars">The environment's <c>vars</c>, already overridden by <c>--var</c> where given.</param>
/// <param name="AllowLoad">Load checks (<see cref="Probes.IProbeFactory.PutsLoad"/>) may run against this environment.</param>
public sealed record EnvironmentDefinition(
    string Name,
    IReadOnlyDictionary<string, ConfigScalar> Vars,
    bool AllowLoad,
    SourceMark Mark);
