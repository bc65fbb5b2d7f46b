using Serverless.Diag.Configuration;
using Serverless.Diag.Secrets;

namespace Serverless.Diag.Running;

/// <summary>Everything a run will do, decided before anything touches the network.</summary>
public sealed record RunPlan(DiagConfig Config, IReadOnlyList<EnvironmentPlan> Environments, SecretRedactor Secrets, RunFilter Filter)
{
    /// <summary>What planning noticed without refusing the config (validating without secrets: each unset variable).</summary>
    public IReadOnlyList<ConfigError> Warnings { get; init; } = [];
}
