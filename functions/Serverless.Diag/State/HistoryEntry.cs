using Serverless.Diag.Reporting;

namespace Serverless.Diag.State;

/// <summary>One check's result in one run, kept for <c>state.retention</c> (the <c>history</c> command reads these).</summary>
public sealed record HistoryEntry
{
    public required string Environment { get; init; }

    public required string Check { get; init; }

    /// <summary>When the run observed the check, on the store's clock (so instances with skewed clocks still order).</summary>
    public required DateTimeOffset Time { get; init; }

    public required string RunId { get; init; }

    public required CheckStatus Status { get; init; }

    public double DurationMs { get; init; }

    /// <summary>The error cause (<c>timeout</c>, <c>refused</c>...) when the probe could not measure.</summary>
    public string? ErrorCause { get; init; }

    /// <summary>The failed assertion expressions, already redacted.</summary>
    public IReadOnlyList<string> FailedAssertions { get; init; } = [];

    /// <summary>The numeric measurements (latency in ms, ratios, counts); text measurements are not kept.</summary>
    public IReadOnlyDictionary<string, double> Measurements { get; init; } = new Dictionary<string, double>();
}
