using System.Globalization;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.State.History;

/// <summary>
/// What a failing check's runs before this one say about it: new, or one more of several. The incident body and the
/// notifications say it in the same words.
/// </summary>
public static class RecentRunsSummary
{
    /// <summary>"the 10 run(s) before this one passed, so this failure is new." Null without runs.</summary>
    /// <param name="runs">The runs before this one, oldest first (as <see cref="RecentRuns"/> attaches them).</param>
    public static string? Sentence(IReadOnlyList<HistoryEntry> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return null;
        }

        var failed = runs.Count(r => r.Status is CheckStatus.Fail or CheckStatus.Error);
        var lastPass = runs.LastOrDefault(r => r.Status is CheckStatus.Pass or CheckStatus.Warn);
        return failed == 0
            ? string.Create(CultureInfo.InvariantCulture, $"the {runs.Count} run(s) before this one passed, so this failure is new.")
            : lastPass is null
                ? string.Create(CultureInfo.InvariantCulture, $"all {runs.Count} run(s) before this one failed too.")
                : string.Create(CultureInfo.InvariantCulture, $"{failed} of the {runs.Count} run(s) before this one failed; the last pass was at {Time(lastPass.Time)} UTC.");
    }

    /// <summary>The statuses of the latest <paramref name="count"/> runs, newest first (<c>pass</c>, <c>fail</c>, ...).</summary>
    public static IReadOnlyList<string> Latest(IReadOnlyList<HistoryEntry> runs, int count)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs.Reverse().Take(count).Select(r => r.Status.ToWire())];
    }

    /// <summary>A run's time as the incident body and notifications show it (UTC, to the minute).</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
