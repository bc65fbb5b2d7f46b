namespace Serverless.Diag.Reporting;

/// <summary>The state store's part in a run, shown in every report format.</summary>
/// <param name="Store">Where the state lives (never a credential).</param>
/// <param name="NotDue">Checks left out because their interval has not passed (<c>--due-only</c> and the timer).</param>
/// <param name="Warnings">The store was unreachable or held unreadable state: what fell back and why.</param>
public sealed record StateReport(string Store, string RunId, IReadOnlyList<string> NotDue, IReadOnlyList<string> Warnings);
