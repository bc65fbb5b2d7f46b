using System.Globalization;
using System.Text;
using Serverless.Diag.Reporting;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.GitHub.Rendering;

/// <summary>The check's runs before this one, newest first, with a sentence saying whether the failure is new.</summary>
internal static class RecentRunsRenderer
{
    public static void Append(StringBuilder text, CheckReport check, IncidentContext context)
    {
        AppendBaselines(text, check, context);
        var runs = check.RecentRuns;
        if (runs.Count == 0)
        {
            return;
        }

        text.Append("Recent runs (state store), newest first: ").Append(RecentRunsSummary.Sentence(runs));
        text.Append("\n\n| Time (UTC) | Status | Latency | Cause |\n|---|---|---:|---|\n");
        foreach (var run in runs.Reverse())
        {
            var latency = run.Measurements.TryGetValue("latency", out var ms) ? ms.ToString("0", CultureInfo.InvariantCulture) + " ms" : "-";
            var cause = run.ErrorCause ?? (run.FailedAssertions.Count > 0 ? run.FailedAssertions[0] : string.Empty);
            text.Append(CultureInfo.InvariantCulture, $"| {Time(run.Time)} | {run.Status.ToWire()} | {latency} | {MarkdownText.Inline(context.Safe(cause, 200))} |\n");
        }

        text.Append('\n');
    }

    /// <summary>What the check's baseline assertions compared with: the measurement's usual value, or why there is none yet.</summary>
    private static void AppendBaselines(StringBuilder text, CheckReport check, IncidentContext context)
    {
        if (check.Baselines.Count == 0)
        {
            return;
        }

        text.Append("Baselines (the check's own history):\n\n");
        foreach (var baseline in check.Baselines)
        {
            var figure = baseline.Ready
                ? string.Create(CultureInfo.InvariantCulture, $"{baseline.Value:0.###} ({baseline.Label}, {baseline.Runs} passing runs)")
                : baseline.Missing;
            text.Append("- ").Append(MarkdownText.Code(baseline.Path)).Append(": ").Append(MarkdownText.Inline(context.Safe(figure, 200))).Append('\n');
        }

        text.Append('\n');
    }

    private static string Time(DateTimeOffset time) => RecentRunsSummary.Time(time);
}
