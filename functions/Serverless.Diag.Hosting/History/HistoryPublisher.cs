using System.Globalization;
using Microsoft.Extensions.Logging;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.GitHub.Reports;
using Serverless.Diag.Hosting.Diagnosis;
using Serverless.Diag.Hosting.Logging;
using Serverless.Diag.Sinks.Availability;
using Serverless.Diag.Sinks.StatusPage;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Hosting.History;

/// <summary>
/// After a scheduled run, what the history answers goes out: the month's availability report issue
/// (<c>report.issue: monthly</c>) and the status page in the storage account's static website (<c>status_page.publish</c>).
/// Both need the state store; neither can fail the run: a problem is logged and the next run tries again.
/// Each is given <see cref="Timeout"/> in all, whatever its clients' own network timeouts and retries add up to, so a
/// storage account or API that never answers cannot hold the scheduled run for minutes.
/// </summary>
public sealed class HistoryPublisher(
    DiagnosisState state,
    TimeProvider time,
    RedactingLoggerFactory loggers,
    Func<string, string?> environment)
{
    /// <summary>Where the status page goes when DIAG_STATE is not a storage account: a connection string or an endpoint.</summary>
    public const string StorageVariable = "DIAG_STATUS_PAGE_STORAGE";

    /// <summary>Held while the report issue is written, so two instances never open the month's issue twice.</summary>
    public const string ReportLease = "availability-report";

    /// <summary>How long each publication (the report issue, the status page) may take in all before it is abandoned.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly ILogger _logger = loggers.CreateLogger("Serverless.Diag.History");

    /// <summary>How long each publication may take in all, on the <see cref="TimeProvider"/> given; <see cref="DefaultTimeout"/> unless set.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <param name="config">The config the run just made was planned from (not read again: one parse per run, and a
    /// file edited mid-run cannot make the page describe other checks than the run's).</param>
    /// <returns>What was published, for the run's summary line; empty when nothing is configured.</returns>
    public async Task<IReadOnlyList<string>> PublishAsync(DiagConfig config, CancellationToken cancellationToken)
    {
        var report = ReportSettings.Of(config);
        var page = StatusPageSettings.Of(config);
        if (!report.MonthlyIssue && !page.Publish)
        {
            return [];
        }

        if (state.Store is not { } store)
        {
            _logger.LogWarning("report.issue / status_page.publish read the run history: set {Variable} to a state store", StateStores.Variable);
            return ["history: not published (no state store)"];
        }

        var done = new List<string>();
        if (report.MonthlyIssue)
        {
            done.Add(await GuardAsync("availability report issue", ct => PublishReportAsync(config, store, report, ct), cancellationToken));
        }

        if (page.Publish)
        {
            done.Add(await GuardAsync("status page", ct => PublishPageAsync(config, store, ct), cancellationToken));
        }

        return done;
    }

    private async Task<string> PublishReportAsync(DiagConfig config, IStateStore store, ReportSettings report, CancellationToken cancellationToken)
    {
        var issue = MonthlyReportIssue.FromEnvironment(environment, GitHubSettings.Of(config), report, time, loggers, loggers.Secrets);
        if (issue is null)
        {
            return "availability report issue: not configured (GITHUB_TOKEN, repository)";
        }

        await using var lease = await store.TryAcquireLeaseAsync(ReportLease, Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..8], TimeSpan.FromMinutes(2), cancellationToken);
        if (lease is null)
        {
            return "availability report issue: another instance is writing it";
        }

        var environments = config.Environments.Select(e => e.Name).ToList();
        var result = await issue.PublishAsync(
            time.GetUtcNow(),
            async (from, to, ct) => AvailabilityMarkdownWriter.ToMarkdown(await AvailabilityReports.BuildAsync(config, store, environments, from, to, ct)),
            cancellationToken);
        return $"availability report issue #{result.Number} {result.Action.ToString().ToLowerInvariant()}";
    }

    private async Task<string> PublishPageAsync(DiagConfig config, IStateStore store, CancellationToken cancellationToken)
    {
        if (StorageSetting() is not { } setting)
        {
            return $"status page: no storage account ({StorageVariable}, a table store in {StateStores.Variable}, or AzureWebJobsStorage)";
        }

        loggers.Secrets.Add(setting);
        var website = StaticWebsite.Open(setting);
        var incidents = GitHubOpenIncidents.FromEnvironment(environment, GitHubSettings.Of(config), time, loggers, loggers.Secrets);
        var model = await StatusPages.BuildAsync(config, store, time.GetUtcNow(), incidents, cancellationToken);
        await website.PublishAsync(StatusPageRenderer.Render(model), cancellationToken);
        return $"status page published to {website.Description}";
    }

    private string? StorageSetting()
    {
        string? Value(string name) => environment(name) is { Length: > 0 } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        return Value(StorageVariable)
            ?? (Value(StateStores.Variable) is { } store && TableStores.Recognises(store) ? store : null)
            ?? Value("AzureWebJobsStorage");
    }

    private async Task<string> GuardAsync(string what, Func<CancellationToken, Task<string>> publish, CancellationToken cancellationToken)
    {
        var timer = new CancellationTokenSource(Timeout, time);
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var work = Task.Run(() => publish(deadline.Token), CancellationToken.None);

        // The sources outlive this method when the work is abandoned (the work may still be looking at their token), and
        // an abandoned publication's late failure is expected: it must not surface as an unobserved task exception.
        _ = work.ContinueWith(
            finished =>
            {
                _ = finished.Exception;
                deadline.Dispose();
                timer.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            // WaitAsync: a client that does not honour the token is left behind rather than waited for.
            var done = await work.WaitAsync(deadline.Token);
            _logger.LogInformation("{Done}", done);
            return done;
        }
        catch (Exception) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var problem = string.Create(CultureInfo.InvariantCulture, $"{what}: not published (timed out after {Timeout.TotalSeconds:0.###} s)");
            _logger.LogError("{Problem}", problem);
            return problem;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            var problem = loggers.Secrets.Redact($"{what}: not published ({e.GetType().Name}: {StoreErrors.OneLine(e)})");
            _logger.LogError("{Problem}", problem);
            return problem;
        }
    }
}
