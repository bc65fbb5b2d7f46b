namespace Serverless.Diag.State;

/// <summary>Requests a store made, counted for the benchmark (not thread-safe: a run's store calls are sequential).</summary>
public sealed class StoreCounters
{
    public int Reads { get; set; }

    public int Writes { get; set; }

    public int Deletes { get; set; }

    public override string ToString() => $"{Reads} reads, {Writes} writes, {Deletes} deletes";
}
