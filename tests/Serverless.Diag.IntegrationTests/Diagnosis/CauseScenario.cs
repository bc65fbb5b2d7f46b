using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Diagnosis;
using Serverless.Diag.GitHub;
using Serverless.Diag.Hosting;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;

namespace Serverless.Diag.IntegrationTests.Diagnosis;

/// <summary>
/// Runs a config the way the command line does (the default probe catalogue, the runner, the cause engine) and files
/// its incidents as Markdown, so a scenario asserts the diagnosis in the report and the title of the issue it would open.
/// </summary>
internal sealed record CauseScenario(RunReport Report, IReadOnlyDictionary<string, string> Incidents)
{
    public static async Task<CauseScenario> RunAsync(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Directory.CreateTempSubdirectory("diag-cause-");
        try
        {
            var path = Path.Combine(folder.FullName, "diag.yaml");
            await File.WriteAllTextAsync(path, yaml);
            var pipeline = new DiagnosisPipeline(ProbeCatalog.CreateDefault(), TimeProvider.System, NullLoggerFactory.Instance, name => environment?.GetValueOrDefault(name));
            var plan = pipeline.Plan(pipeline.LoadConfig(path), RunFilter.All);
            var issues = Directory.CreateDirectory(Path.Combine(folder.FullName, "issues"));
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var result = await pipeline.RunAsync(plan, IncidentSinks.ToDirectory(issues.FullName, TimeProvider.System, plan.Secrets), progress: null, limit.Token);
            var files = issues.GetFiles("*.md").ToDictionary(f => f.Name, f => File.ReadAllText(f.FullName), StringComparer.Ordinal);
            return new CauseScenario(result.Report, files);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public CheckReport Check(string name) => Report.AllChecks.Single(c => c.Name == name);

    public CheckDiagnosis Diagnosis(string name) => Check(name).Diagnosis ?? throw new InvalidOperationException($"'{name}' has no diagnosis ({Check(name).Status})");

    /// <summary>The one incident Markdown file for a check (its title is the first line).</summary>
    public string Incident(string check) => Incidents.Single(f => f.Key.Contains(check, StringComparison.Ordinal)).Value;

    public string Title(string check) => Incident(check).Split('\n')[0][2..];

    /// <summary>Asserts the rule did not match this check, and returns the reason it gave.</summary>
    public string NotMatched(string check, string rule)
    {
        var diagnosis = Diagnosis(check);
        Assert.DoesNotContain(diagnosis.Candidates, c => c.Rule == rule);
        return Assert.Single(diagnosis.NotMatched, v => v.Rule == rule).Reason;
    }
}
