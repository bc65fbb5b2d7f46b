#pragma warning disable CS9113 // stub until implemented (lead, next commits)
using Serverless.Diag.Configuration;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Running;

/// <summary>Interpolates each check for each selected environment and builds its probe.</summary>
/// <param name="environmentVariables">The process environment (<c>${env:NAME}</c>); injectable for tests.</param>
public sealed class RunPlanner(ProbeRegistry registry, Func<string, string?> environmentVariables)
{
    /// <exception cref="ConfigException">Undefined variables, unset environment variables, invalid settings.</exception>
    /// <exception cref="SelectionException">An unknown environment or check was asked for.</exception>
    public RunPlan Plan(DiagConfig config, RunFilter filter) => throw new NotImplementedException();
}
