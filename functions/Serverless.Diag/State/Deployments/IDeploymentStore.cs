namespace Serverless.Diag.State.Deployments;

/// <summary>A state store that keeps deployment markers: the gate writes one per deployed environment, incidents read them.</summary>
public interface IDeploymentStore
{
    Task RecordDeploymentAsync(DeploymentMarker marker, CancellationToken cancellationToken);

    /// <summary>The environment's markers since the given time, newest first.</summary>
    Task<IReadOnlyList<DeploymentMarker>> ReadDeploymentsAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken);
}
