using System.Diagnostics;
using Serverless.Diag.Reporting;
using Serverless.Diag.State;

namespace Serverless.Diag.Tests.State;

public class StoreFaultTests
{
    private static readonly string Config = "version: 1\nchecks:\n" + MemoryHarness.Check("api", "    failure_threshold: 3\n    interval: 5m\n");

    [Fact]
    public async Task A_store_that_never_answers_costs_the_run_at_most_its_timeout_and_the_first_failure_counts_with_a_warning()
    {
        using var harness = new MemoryHarness { };
        harness.Store = new SilentStore();
        harness.Set("api", passing: false);
        var watch = Stopwatch.StartNew();

        var report = await harness.RunAsync(Config, dueOnly: true, new RunMemoryOptions { OperationTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        var check = report.AllChecks.Single();
        Assert.Equal(CheckStatus.Fail, check.Status);
        Assert.Null(check.Pending);
        Assert.Contains(report.State!.Warnings, w => w.Contains("did not answer within 300ms", StringComparison.Ordinal));
        Assert.Contains(report.State.Warnings, w => w.Contains("first failure counts", StringComparison.Ordinal));
    }

    /// <summary>A store whose every call hangs until cancelled, as a storage account behind a black-holed network does.</summary>
    private sealed class SilentStore : IStateStore
    {
        public string Description => "silent";

        public Task<StateSnapshot> LoadAsync(string environment, CancellationToken cancellationToken) => Hang<StateSnapshot>(cancellationToken);

        public Task<SaveOutcome> SaveAsync(StateBatch batch, CancellationToken cancellationToken) => Hang<SaveOutcome>(cancellationToken);

        public Task<IReadOnlyList<HistoryEntry>> ReadHistoryAsync(string environment, string? check, DateTimeOffset since, CancellationToken cancellationToken) =>
            Hang<IReadOnlyList<HistoryEntry>>(cancellationToken);

        public Task<StoreLease?> TryAcquireLeaseAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken) => Hang<StoreLease?>(cancellationToken);

        private static async Task<T> Hang<T>(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            throw new InvalidOperationException("unreachable");
        }
    }
}
