using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.Hosting;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.Secrets;
using Serverless.Diag.State;
using Serverless.Diag.State.Deployments;
using Serverless.Diag.State.Local;
using Serverless.Diag.TestKit.GitHub;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.State;

/// <summary>Runs configs through the real pipeline with a real local store in a temp folder, on a fake clock.</summary>
internal sealed class MemoryHarness : IDisposable
{
    /// <summary>The GitHub token of <see cref="RunFilingAsync"/>: what must never show in an issue.</summary>
    public const string GitHubToken = "ghs_memoryHarnessToken0123456789abcd";

    public MemoryHarness()
    {
        Directory.CreateDirectory(Root);
        Store = new LocalDirectoryStore(Root, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    public ScriptedProbeFactory Probes { get; } = new();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sdiag-state-" + Guid.NewGuid().ToString("N")[..10]);

    public IStateStore Store { get; set; }

    public string StateFile(string environment = "default") => Path.Combine(Root, "state", environment + ".json");

    public DiagnosisPipeline Pipeline(TimeProvider? time = null, ILoggerFactory? loggers = null) =>
        new(TestConfigs.Registry(Probes), time ?? Time, loggers ?? NullLoggerFactory.Instance, _ => null);

    public DiagConfig Config(string yaml) => TestConfigs.Parse(yaml, Probes);

    public Task<RunReport> RunAsync(string yaml, bool dueOnly = false, RunMemoryOptions? memory = null) =>
        RunOnAsync(Time, Store, yaml, dueOnly, memory);

    /// <summary>A run as another host would make it: its own clock, its own store object (the same folder or table), its own logs.</summary>
    public async Task<RunReport> RunOnAsync(TimeProvider host, IStateStore store, string yaml, bool dueOnly = false, RunMemoryOptions? memory = null, ILoggerFactory? loggers = null)
    {
        var pipeline = Pipeline(host, loggers);
        var config = Config(yaml);
        var plan = pipeline.Plan(config, RunFilter.All, stateConfigured: true);
        var result = await pipeline.RunAsync(plan, incidents: null, progress: null, new RunOptions { State = store, DueOnly = dueOnly, Memory = memory }, CancellationToken.None);
        return result.Report;
    }

    /// <summary>
    /// A run that files its incidents on the GitHub-compatible test server through the real sink (token
    /// <see cref="GitHubToken"/>), optionally recording a deployment first and notifying through <paramref name="notifier"/>.
    /// </summary>
    public async Task<RunReport> RunFilingAsync(string yaml, FakeGitHubServer github, Deployment? deployment = null, IIncidentNotifier? notifier = null, SecretRedactor? secrets = null)
    {
        var pipeline = Pipeline();
        var config = Config(yaml);
        var plan = pipeline.Plan(config, RunFilter.All, stateConfigured: true);
        var environment = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = GitHubToken, ["GITHUB_REPOSITORY"] = github.Repository, ["GITHUB_API_URL"] = github.BaseUrl };
        var sink = IncidentSinks.FromEnvironment(n => environment.GetValueOrDefault(n), GitHubSettings.Of(config), Time, NullLoggerFactory.Instance, secrets ?? new SecretRedactor(), notifier: notifier)!;
        var result = await pipeline.RunAsync(plan, sink, progress: null, new RunOptions { State = Store, Deployment = deployment }, CancellationToken.None);
        return result.Report;
    }

    /// <summary>A check that fails (status 500 against <c>status == 200</c>) or passes, as the test sets it.</summary>
    public void Set(string check, bool passing) => Probes.Returns(check, passing ? 200 : 500);

    public static string Check(string name, string extra = "") =>
        $"  - name: {name}\n    type: scripted\n    timeout: 1s\n    expect: ['status == 200']\n{extra}";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder does not fail a test.
        }
    }
}
