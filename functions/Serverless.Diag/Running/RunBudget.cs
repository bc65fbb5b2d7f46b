using System.Globalization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Running;

/// <summary>
/// The wall time a run may take. A check that has not finished when it runs out is reported as skipped
/// ("not run") with the budget as its reason, and its probe is cancelled; checks still queued are not started.
/// </summary>
internal sealed class RunBudget : IDisposable
{
    private readonly CancellationTokenSource _expired;
    private readonly Task _expiry;
    private readonly string _reason;

    public RunBudget(TimeSpan limit, TimeProvider timeProvider)
    {
        _expired = new CancellationTokenSource(limit, timeProvider);
        _expiry = Task.Delay(Timeout.Infinite, _expired.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        _reason = string.Create(
            CultureInfo.InvariantCulture,
            $"not run: the diagnosis time budget ({limit.TotalSeconds:0.#} s) ran out before this check finished");
    }

    public async Task<CheckReport> ExecuteAsync(CheckExecutor executor, PlannedCheck check, CancellationToken cancellationToken)
    {
        if (_expired.IsCancellationRequested)
        {
            return CheckReports.Skipped(check, _reason, skippedBecauseOf: null);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _expired.Token);
        var execution = executor.ExecuteAsync(check, linked.Token);
        if (await Task.WhenAny(execution, _expiry) == execution)
        {
            var report = await execution;

            // The executor turns our cancellation into an error ("the run was cancelled"): that is the budget speaking.
            return report.Status == CheckStatus.Error && _expired.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? CheckReports.Skipped(check, _reason, skippedBecauseOf: null)
                : report;
        }

        // The probe was told to stop through the linked token; its late result (or exception) is not waited for.
        _ = execution.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        return CheckReports.Skipped(check, _reason, skippedBecauseOf: null);
    }

    public void Dispose() => _expired.Dispose();
}
