namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>How a phase ended: how long it took and, when it stopped before its plan, why.</summary>
public sealed record LoadRunSummary(TimeSpan Elapsed, string? StoppedEarly = null);
