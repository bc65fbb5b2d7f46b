using System.Globalization;
using System.Text;
using Serverless.Diag.Configuration;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Cli.Commands.History;

/// <summary>One line per check: uptime, latency, timeline (oldest to newest), and the last failure with its cause.</summary>
internal static class HistoryTextWriter
{
    public static string ToText(HistoryView view)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"History of {view.Environment} over the last {Units.FormatDuration(view.Period)} (since {view.Since.UtcDateTime:yyyy-MM-dd HH:mm} UTC), {view.Store}");
        text.AppendLine("timeline, oldest first: . pass  w warn  F fail  E error  - skipped");
        text.AppendLine();
        var width = Math.Max(10, view.Checks.Select(c => c.Check.Length).DefaultIfEmpty(0).Max());
        foreach (var check in view.Checks)
        {
            if (check.Runs == 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{check.Check.PadRight(width)}  no runs in this period");
                continue;
            }

            var uptime = check.Uptime is { } u ? (u * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "n/a";
            var latency = check.LatencyP50Ms is { } p50 ? $"  p50 {Ms(p50)} p95 {Ms(check.LatencyP95Ms!.Value)}" : string.Empty;
            text.AppendLine(CultureInfo.InvariantCulture, $"{check.Check.PadRight(width)}  uptime {uptime} of {check.Runs} run(s){latency}  {check.Timeline}");
            if (check.LastFailure is { } failure)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{new string(' ', width)}  last failure {failure.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({failure.Status.ToString().ToLowerInvariant()}): {check.LastFailureCause}");
            }
        }

        return text.ToString();
    }

    private static string Ms(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "ms";
}
