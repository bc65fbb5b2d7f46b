using System.Text.Json;
using Serverless.Diag.State.Deployments;

namespace Serverless.Diag.State.Local;

/// <summary>Deployment markers in <c>deployments/&lt;env&gt;.json</c>, newest first, read and written under the store's lock.</summary>
public sealed partial class LocalDirectoryStore : IDeploymentStore
{
    /// <summary>Markers kept per environment: far more deployments than any incident window looks back over.</summary>
    public const int MaxDeployments = 200;

    public async Task RecordDeploymentAsync(DeploymentMarker marker, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(_root, "deployments"));
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        var path = DeploymentsPath(marker.Environment);
        var existing = await TryReadAsync(path, DeploymentJson.Default.DeploymentFileDocument, cancellationToken);
        var kept = existing is { Version: DeploymentJson.CurrentVersion } ? existing.Deployments : [];
        var document = new DeploymentFileDocument { Deployments = [DeploymentDocument.From(marker), .. kept.Take(MaxDeployments - 1)] };
        await AtomicFile.WriteAsync(path, s => JsonSerializer.SerializeAsync(s, document, DeploymentJson.Default.DeploymentFileDocument, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<DeploymentMarker>> ReadDeploymentsAsync(string environment, DateTimeOffset since, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        using var held = await DirectoryLock.AcquireAsync(LockPath, cancellationToken);
        // An unreadable file marks nothing: an incident then simply says no deployment.
        var document = await TryReadAsync(DeploymentsPath(environment), DeploymentJson.Default.DeploymentFileDocument, cancellationToken);
        return document is { Version: DeploymentJson.CurrentVersion }
            ? [.. document.Deployments.Select(d => d.ToMarker(environment)).OfType<DeploymentMarker>().Where(m => m.Time >= since).OrderByDescending(m => m.Time)]
            : [];
    }

    private string DeploymentsPath(string environment) => Path.Combine(_root, "deployments", StoreKeys.Escape(environment) + ".json");
}
