using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Diag.Configuration;
using Serverless.Diag.GitHub;
using Serverless.Diag.GitHub.Api;
using Serverless.Diag.GitHub.Incidents;
using Serverless.Diag.Incidents;
using Serverless.Diag.Notifications;
using Serverless.Diag.Notifications.Config;
using Serverless.Diag.Notifications.Delivery;
using Serverless.Diag.Reporting;
using Serverless.Diag.Secrets;
using Serverless.Diag.TestKit.GitHub;
using Xunit.Abstractions;

namespace Serverless.Diag.IntegrationTests.Incidents;

/// <summary>A fake GitHub, a fake clock and the real GitHub incident sink talking to it over loopback.</summary>
internal sealed class IncidentHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan RunInterval = TimeSpan.FromMinutes(5);

    private readonly ITestOutputHelper? _output;
    private int _requestMark;

    private IncidentHarness(FakeGitHubServer github, PumpableClock clock, GitHubSettings settings, DiagConfig config, GitHubCallOptions options, ITestOutputHelper? output)
    {
        GitHub = github;
        Clock = clock;
        Settings = settings;
        Config = config;
        Options = options;
        _output = output;
        Sink = NewSink();
    }

    public FakeGitHubServer GitHub { get; }

    public PumpableClock Clock { get; }

    public GitHubSettings Settings { get; }

    public DiagConfig Config { get; }

    public GitHubCallOptions Options { get; }

    public SecretRedactor Secrets { get; } = new();

    /// <summary>The sink as one long-lived process would hold it; <see cref="NewSink"/> models a restart.</summary>
    public IIncidentSink Sink { get; set; }

    public static async Task<IncidentHarness> StartAsync(ITestOutputHelper? output = null, GitHubSettings? settings = null, DiagConfig? config = null, GitHubCallOptions? options = null)
    {
        var clock = new PumpableClock(Start);
        var github = await FakeGitHubServer.StartAsync(clock);
        settings ??= new GitHubSettings { Repository = github.Repository, Labels = ["incident", "synthetic-check"] };
        config ??= new DiagConfig { SourcePath = "diag.yaml", Environments = [], Checks = [] }.WithSection(GitHubSection.SectionKey, settings);
        options ??= new GitHubCallOptions { RequestTimeout = TimeSpan.FromSeconds(5) };
        return new IncidentHarness(github, clock, settings, config.WithSection(GitHubSection.SectionKey, settings), options, output);
    }

    /// <param name="states">A store the new sink shares with others (a host's process, a durable store); none = a fresh process.</param>
    /// <param name="notifier">The notify: channels the sink hands the lifecycle's events to.</param>
    public IIncidentSink NewSink(IIncidentStateStore? states = null, IIncidentNotifier? notifier = null) => IncidentSinks.Create(
        new GitHubConnection(new GitHubRepository("acme", "backend", new Uri(GitHub.BaseUrl)), "ghp_test_token_123"),
        Settings, Clock, NullLoggerFactory.Instance, Secrets, Options, stateStore: states, notifier: notifier);

    /// <summary>
    /// A notifier for these channels that delivers on the real clock: the harness moves its fake clock while anything
    /// waits on it, which would end a request's timeout within milliseconds under load and make a delivered event look
    /// lost (and resent at the next run).
    /// </summary>
    public Notifier NewNotifier(IReadOnlyList<NotifyChannel> channels, int maxAttempts = 1) => new(
        new NotifySettings(channels), Notifiers.CreateHttpClient(), TimeProvider.System, Secrets, NullLogger<Notifier>.Instance,
        new DeliveryOptions { MaxAttempts = maxAttempts, FirstBackoff = TimeSpan.FromMilliseconds(20) });

    /// <summary>One scheduled run: time moves on by the run interval, then the report is published.</summary>
    public async Task<IncidentSummary> RunAsync(params CheckReport[] checks)
    {
        Clock.Advance(RunInterval);
        return await PublishAsync(Reports.Run(Clock.GetUtcNow(), checks));
    }

    /// <summary>Publishes and, while the sink waits out a retry, moves the fake clock so the wait ends.</summary>
    public async Task<IncidentSummary> PublishAsync(RunReport report, IIncidentSink? sink = null)
    {
        var task = (sink ?? Sink).PublishAsync(report, Config, CancellationToken.None);
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(2));
            if (!task.IsCompleted && Clock.HasWaiters)
            {
                Clock.Pump(TimeSpan.FromSeconds(1));
            }

            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(60), "the sink did not finish within 60 s of real time");
        }

        return await task;
    }

    /// <summary>Requests since the last call, printed for the closing note's budget figures.</summary>
    public RequestCounts Counts(string scenario)
    {
        var all = GitHub.Requests;
        var slice = all.Skip(_requestMark).ToList();
        _requestMark = all.Count;
        var counts = new RequestCounts(slice.Count, slice.Count(r => r.IsIssueList), slice.Count(r => r.IsWrite), slice.Count(r => r.IsComment), slice.Count(r => r.IsCreateIssue));
        _output?.WriteLine($"[requests] {scenario}: total={counts.Total} list={counts.Lists} writes={counts.Writes} (comments={counts.Comments}, creates={counts.Creates})");
        return counts;
    }

    public ValueTask DisposeAsync() => GitHub.DisposeAsync();
}

internal sealed record RequestCounts(int Total, int Lists, int Writes, int Comments, int Creates);
