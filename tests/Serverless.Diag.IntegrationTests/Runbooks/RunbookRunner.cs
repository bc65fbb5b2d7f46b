using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.AzureMonitor.Logs;
using Serverless.Diag.AzureMonitor.Metrics;
using Serverless.Diag.GitHub;
using Serverless.Diag.Hosting;
using Serverless.Diag.Running;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>
/// Runs an example config from <c>examples/</c>, unchanged, through the hosting pipeline as the CLI does:
/// the default probe catalogue (its Azure Monitor checks sent to the local fake), <c>--var</c> overrides
/// pointing the environment at a simulation, <c>${env:...}</c> secrets from a dictionary, and the incidents
/// it would file written as Markdown to a temp folder.
/// </summary>
internal sealed class RunbookRunner(RunbookServers servers)
{
    public async Task<RunbookOutcome> RunAsync(
        string example,
        string environment,
        IReadOnlyDictionary<string, string> vars,
        IReadOnlyDictionary<string, string> secrets,
        IReadOnlyList<string>? checks = null,
        IReadOnlyList<string>? tags = null)
    {
        var registry = ProbeCatalog.CreateDefault();
        var azure = AzureMonitorRedirect.To(servers.Azure.Fake);
        registry.Add(new AzureLogsProbeFactory(azure)).Add(new AzureMetricsProbeFactory(azure));

        var environmentVariables = new Dictionary<string, string>(secrets, StringComparer.Ordinal) { ["GITHUB_REPOSITORY"] = "acme/runbooks" };
        var pipeline = new DiagnosisPipeline(registry, TimeProvider.System, NullLoggerFactory.Instance, name => environmentVariables.GetValueOrDefault(name));
        var config = pipeline.LoadConfig(ExamplePath(example));
        RunPlan Plan() => pipeline.Plan(config, new RunFilter
        {
            Environments = [environment],
            Checks = checks ?? [],
            Tags = tags ?? [],
            VarOverrides = vars,
        });


        // One unobserved pass first: the JIT, the connection pools and Kestrel's first requests would otherwise
        // count against the guides' latency thresholds on a busy two-core CI machine. A deployed service is warm.
        using (var warmUp = new CancellationTokenSource(TimeSpan.FromMinutes(4)))
        {
            await pipeline.RunAsync(Plan(), incidents: null, progress: null, warmUp.Token);
        }

        var incidents = Directory.CreateTempSubdirectory("runbook-incidents-");
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            var plan = Plan();
            var sink = IncidentSinks.ToDirectory(incidents.FullName, TimeProvider.System, plan.Secrets);
            var result = await pipeline.RunAsync(plan, sink, progress: null, limit.Token);
            var files = incidents.GetFiles("*.md").ToDictionary(f => f.Name, f => File.ReadAllText(f.FullName), StringComparer.Ordinal);
            return new RunbookOutcome(result.Report, files, [.. secrets.Values, RunbookServers.PlantedDatabasePassword, RunbookServers.PlantedRedisPassword]);
        }
        finally
        {
            incidents.Delete(recursive: true);
        }
    }

    public static string ExamplePath(string example)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "examples", example);
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.Diag.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"examples/{example} not found above {AppContext.BaseDirectory}");
    }
}
