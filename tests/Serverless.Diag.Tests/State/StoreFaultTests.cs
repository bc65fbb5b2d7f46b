using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Serverless.Diag.Configuration;
using Serverless.Diag.Hosting;
using Serverless.Diag.Incidents;
using Serverless.Diag.Reporting;
using Serverless.Diag.Running;
using Serverless.Diag.State;
using Serverless.Diag.State.Local;
using Serverless.Diag.Tests.TestDoubles;

namespace Serverless.Diag.Tests.State;

public class StoreFaultTests
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    failure_threshold: 3\n    interval: 5m\n");

    private static readonly RunMemoryOptions ShortTimeout = new() { OperationTimeout = TimeSpan.FromMilliseconds(300) };

    [Fact]
    public async Task A_store_that_never_answers_costs_the_run_at_most_its_timeout_and_the_first_failure_counts_with_a_warning()
    {
        using var harness = new MemoryHarness { };
        harness.Store = new SilentStore();
        harness.Set("api", passing: false);
        var logs = new RecordingLoggers();
        var watch = Stopwatch.StartNew();

        var report = await harness.RunOnAsync(harness.Time, harness.Store, Config, dueOnly: true, ShortTimeout, logs);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        var check = report.AllChecks.Single();
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Null(check.Pending);
        Assert.Contains(report.State!.Warnings, w => w.Contains("did not answer within 300ms", StringComparison.Ordinal));
        Assert.Contains(report.State.Warnings, w => w.Contains("first failure counts", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("did not answer within 300ms", StringComparison.Ordinal) && l.Message.Contains("first failure counts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_stops_answering_mid_run_keeps_what_it_had_and_the_next_run_goes_on_from_it()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        var first = await harness.RunAsync(Config);
        var stored = await harness.Store.LoadAsync("default", CancellationToken.None);
        var logs = new RecordingLoggers();
        var watch = Stopwatch.StartNew();

        // Reads answer, writes hang: the store went away between the start of the run and its end.
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await harness.RunOnAsync(harness.Time, new HangingWrites(harness.Store), Config, memory: ShortTimeout, loggers: logs);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.Equal("pending 1/3", first.AllChecks.Single().Pending?.ToString());
        Assert.Equal("pending 2/3", second.AllChecks.Single().Pending?.ToString());
        Assert.Contains(second.State!.Warnings, w => w.Contains("did not answer within 300ms (write", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("was not saved this run; what was stored before is kept", StringComparison.Ordinal));
        var after = await harness.Store.LoadAsync("default", CancellationToken.None);
        Assert.Equal(stored.Checks["api"], after.Checks["api"]);
        Assert.Single(await harness.Store.ReadHistoryAsync("default", null, DateTimeOffset.MinValue, CancellationToken.None));

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        var third = await harness.RunAsync(Config);
        Assert.Equal("pending 2/3", third.AllChecks.Single().Pending?.ToString());
    }

    [Fact]
    public async Task An_unreachable_store_does_not_hold_incidents_back_they_are_filed_on_the_first_failure_without_the_lease()
    {
        using var harness = new MemoryHarness();
        harness.Set("api", passing: false);
        var sink = new RecordingSink();
        var pipeline = harness.Pipeline();
        var plan = pipeline.Plan(harness.Config(Config), RunFilter.All, stateConfigured: true);
        var watch = Stopwatch.StartNew();

        var result = await pipeline.RunAsync(plan, sink, progress: null, new RunOptions { State = new SilentStore(), Memory = ShortTimeout }, CancellationToken.None);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        var published = Assert.Single(sink.Reports);
        Assert.Null(published.AllChecks.Single().Pending);
        Assert.Contains(result.Incidents!.Problems, p => p.Contains("filing without it: state store unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lease_store_that_hangs_is_given_up_after_the_operation_timeout()
    {
        var watch = Stopwatch.StartNew();

        await using var leases = await IncidentLeases.AcquireAsync(
            new SilentStore(), ["prod", "staging"], "me", TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), TimeProvider.System, new RecordingLoggers().CreateLogger("x"), CancellationToken.None);

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        Assert.Equal(["prod", "staging"], leases.Held.Order(StringComparer.Ordinal));
        Assert.Equal(2, leases.Problems.Count);
        Assert.Empty(leases.Leases);
    }

    /// <summary>A store whose every call hangs until cancelled, as a storage account behind a black-holed network does.</summary>
    private sealed class SilentStore : IStateStore
    {
        public string Description => "silent";

        public Task<StateSnapshot> LoadAsync(string environment, CancellationToken cancellationToken) => Hang<StateSnapshot>();

        public Task<SaveOutcome> SaveAsync(StateBatch batch, CancellationToken cancellationToken) => Hang<SaveOutcome>();

        public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string environment, string? check, DateTimeOffset since, CancellationToken cancellationToken) =>
            Hang<IReadOnlyList<HistoryEntry>>();

        public Task<StoreLease?> TryAcquireLeaseAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken) => Hang<StoreLease?>();

        // Ignores cancellation on purpose: the run's own timeout has to bound it.
        internal static async Task<T> Hang<T>()
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
    }

    /// <summary>Reads from a real store; every write hangs.</summary>
    private sealed class HangingWrites(IStateStore inner) : IStateStore
    {
        public string Description => inner.Description;

        public Task<StateSnapshot> LoadAsync(string environment, CancellationToken cancellationToken) => inner.LoadAsync(environment, cancellationToken);

        public Task<SaveOutcome> SaveAsync(StateBatch batch, CancellationToken cancellationToken) => SilentStore.Hang<SaveOutcome>();

        public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string environment, string? check, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ReadHistoryAsync(environment, check, since, cancellationToken);

        public Task<StoreLease?> TryAcquireLeaseAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken) => SilentStore.Hang<StoreLease?>();
    }

    private sealed class RecordingSink : IIncidentSink
    {
        public List<RunReport> Reports { get; } = [];

        public Task<IncidentSummary> PublishAsync(RunReport report, DiagConfig config, CancellationToken cancellationToken)
        {
            Reports.Add(report);
            return Task.FromResult(IncidentSummary.Empty);
        }
    }
}
