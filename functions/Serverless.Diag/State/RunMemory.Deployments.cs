using Serverless.Diag.Configuration;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.State.Deployments;

namespace Serverless.Diag.State;

/// <summary>Deployment markers: the gate records one per deployed environment; failing checks are linked to the latest.</summary>
public sealed partial class RunMemory
{
    /// <summary>
    /// Records the deployment in every planned environment whose state could be read, at the store's time of this run
    /// (before the checks run, so the gate's own failures already count as after it). A store that keeps no markers,
    /// or fails, is a warning in the report; the run goes on.
    /// </summary>
    public async Task RecordDeploymentAsync(RunPlan plan, MemoryContext context, Deployment deployment, CancellationToken cancellationToken)
    {
        if (store is not IDeploymentStore markers)
        {
            context.Warnings.Add($"deployment {deployment} not recorded: the state store keeps no deployment markers");
            return;
        }

        foreach (var environment in plan.Environments.Select(e => e.Environment.Name).Where(context.Reachable))
        {
            var marker = new DeploymentMarker(environment, deployment, context.ReadAt);
            await TryAsync(environment, "record deployment", async ct =>
            {
                await markers.RecordDeploymentAsync(marker, ct);
                return marker;
            }, context.Warnings, cancellationToken);
        }
    }

    /// <summary>Each failing check whose failure began within the deploy window after a marker gets the link to it.</summary>
    private async Task<IReadOnlyList<CheckReport>> LinkDeploymentsAsync(
        IReadOnlyList<CheckReport> checks, string environment, Dictionary<string, CheckState> states, DiagConfig config, List<string> warnings, CancellationToken cancellationToken)
    {
        if (store is not IDeploymentStore markers)
        {
            return checks;
        }

        var window = config.State.DeployWindow;
        var firstFailures = checks
            .Where(c => ObservationReader.IsFailing(c) && states.TryGetValue(c.Name, out var s) && s.IsFailing && s.StatusSince is not null)
            .ToDictionary(c => c.Name, c => states[c.Name].StatusSince!.Value, StringComparer.Ordinal);
        if (firstFailures.Count == 0)
        {
            return checks;
        }

        // Only an environment with a failing check pays for the read.
        var since = firstFailures.Values.Min() - window;
        var found = await TryAsync(environment, "read deployments", ct => markers.ReadDeploymentsAsync(environment, since, ct), warnings, cancellationToken);
        if (found is not { Count: > 0 })
        {
            return checks;
        }

        return [.. checks.Select(c => firstFailures.TryGetValue(c.Name, out var first) && DeployLink.Find(found, first, window) is { } link
            ? c with { AfterDeploy = link }
            : c)];
    }
}
