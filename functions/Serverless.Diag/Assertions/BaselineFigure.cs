using System.Globalization;

namespace Serverless.Diag.Assertions;

/// <summary>
/// The baseline of one measurement of one check: its statistic over earlier passing runs, or why there is none yet.
/// </summary>
/// <param name="Path">The measurement (<c>latency</c>, <c>p95</c>).</param>
/// <param name="Value">The statistic; null when there is no run to take it from.</param>
/// <param name="Runs">The passing runs it was taken from.</param>
/// <param name="MinRuns">The runs needed before it is used; below that the assertion is not evaluated.</param>
/// <param name="Label">What it is, for messages: <c>7-day median</c>, <c>median in main.json</c>.</param>
public sealed record BaselineFigure(string Path, double? Value, int Runs, int MinRuns, string Label)
{
    public bool Ready => Value is not null && Runs >= MinRuns;

    /// <summary>Why the assertion was not evaluated: <c>no baseline yet: 4 of 10 runs</c>.</summary>
    public string Missing => $"no baseline yet: {Runs.ToString(CultureInfo.InvariantCulture)} of {MinRuns.ToString(CultureInfo.InvariantCulture)} runs";
}

/// <summary>The baselines one check's assertions compare with, by measurement path; and what to say when one is missing.</summary>
/// <param name="WhenMissing">Why a measurement has no figure at all (no store, no baseline report).</param>
public sealed class CheckBaselines(IReadOnlyDictionary<string, BaselineFigure> figures, string whenMissing)
{
    /// <summary>No history to take a baseline from: every baseline assertion is not evaluated, saying why.</summary>
    public static CheckBaselines Unavailable(string reason) => new(new Dictionary<string, BaselineFigure>(), reason);

    public static CheckBaselines NoHistory { get; } = Unavailable(
        "no baseline: no history to compare with (configure a state store with --state or DIAG_STATE, or pass --baseline report.json)");

    public IReadOnlyDictionary<string, BaselineFigure> Figures => figures;

    public string WhenMissing => whenMissing;

    public BaselineFigure? Find(string path) => figures.GetValueOrDefault(path);
}
