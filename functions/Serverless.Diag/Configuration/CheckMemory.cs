namespace Serverless.Diag.Configuration;

/// <summary>What a check asks of the state store: thresholds before its incident moves, and how often it runs.</summary>
/// <param name="FailureThreshold">Consecutive failing runs before an incident opens; null: <c>github.failure_threshold</c>.</param>
/// <param name="SuccessThreshold">Consecutive passing runs before it closes; null: <c>github.success_threshold</c> (alias <c>close_after</c>).</param>
/// <param name="Interval">Run at most this often; null: every tick.</param>
/// <param name="IntervalWhenFailing">While failing, run this often instead.</param>
/// <param name="NeedsStore">The value that cannot work without a state store, for the config error when none is configured.</param>
/// <param name="NeedsStoreKey">Its key.</param>
public sealed record CheckMemory(
    int? FailureThreshold,
    int? SuccessThreshold,
    TimeSpan? Interval,
    TimeSpan? IntervalWhenFailing,
    ConfigScalar? NeedsStore,
    string? NeedsStoreKey = null)
{
    public static CheckMemory None { get; } = new(null, null, null, null, null);

    public bool HasSchedule => Interval is not null || IntervalWhenFailing is not null;
}
