namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// One stretch of load (the warmup or the measured run). Closed: up to <see cref="Requests"/> requests, stopping at
/// <see cref="Duration"/> if given. Open: <see cref="Requests"/> requests scheduled at <see cref="Rate"/> per second.
/// </summary>
public sealed record LoadPhase(LoadModel Model, long Requests, TimeSpan? Duration, double Rate)
{
    public static LoadPhase None { get; } = new(LoadModel.Closed, 0, null, 0);

    public bool IsEmpty => Requests == 0 && Duration is null;

    /// <summary>The longest this phase may send for: its duration if it has one (open: until its last scheduled request).</summary>
    public TimeSpan? Span => Model == LoadModel.Open ? TimeSpan.FromSeconds(Requests / Rate) : Duration;
}
