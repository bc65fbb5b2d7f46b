using Serverless.Diag.Probes;

namespace Serverless.Diag.Hosting;

/// <summary>Every check type a host offers (the engine's own and the driver packs'), and the packs' config sections.</summary>
public static class ProbeCatalog
{
    public static ProbeRegistry CreateDefault() => new ProbeRegistry(BuiltInProbes.Create().Concat(DriverPacks()))
        .Add(new GitHub.GitHubSection()) // github: and escalate_after, the incident policy of the GitHub pack's sinks
        .Add(new Notifications.Config.NotifySection()) // notify: the channels the incident lifecycle notifies
        .Add(new Configuration.ReportSection()) // report: the monthly availability report issue the timer keeps
        .Add(new Configuration.StatusPageSection()) // status_page: the static status page the timer publishes
        .Add(new AzureIdentity.ManagedIdentityType()); // auth: {type: managed-identity}, Entra ID tokens through Azure.Identity

    private static IEnumerable<IProbeFactory> DriverPacks()
    {
        // postgres
        yield return new Postgres.PostgresProbeFactory();

        // redis
        yield return new Redis.RedisProbeFactory();

        // azure-logs
        yield return new AzureMonitor.Logs.AzureLogsProbeFactory();

        // azure-metrics
        yield return new AzureMonitor.Metrics.AzureMetricsProbeFactory();
    }
}
