using System.Globalization;
using System.Text;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Sinks.Availability;

/// <summary>The <c>report</c> command's terminal form: one table per environment, then its outages.</summary>
public static class AvailabilityTextWriter
{
    private static readonly string[] Header = ["check", "availability", "outages", "MTTR", "longest", "p50", "p95", "no data", "now"];

    public static string ToText(AvailabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Availability for {AvailabilityText.PeriodName(report.From, report.To)}: {AvailabilityText.Time(report.From)} to {AvailabilityText.Time(report.To)} UTC, {report.Store}");
        text.AppendLine("time-weighted; an outage lasts from the first failing run to the first passing one; maintenance windows left out; 'no data' time is unknown, not up");
        foreach (var environment in report.Environments)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"{environment.Name}: {AvailabilityText.Percent(environment.Totals.Availability)} (no data {AvailabilityText.Share(environment.Totals.UnknownShare)})");
            var rows = new List<string[]> { Header };
            rows.AddRange(environment.Checks.Select(c => new[]
            {
                c.Check,
                AvailabilityText.Percent(c.Availability),
                c.Outages.Count.ToString(CultureInfo.InvariantCulture),
                AvailabilityText.Duration(c.Mttr),
                AvailabilityText.Duration(c.Longest?.Downtime),
                AvailabilityText.Latency(c.LatencyP50Ms),
                AvailabilityText.Latency(c.LatencyP95Ms),
                AvailabilityText.Share(c.Totals.UnknownShare),
                c.InMaintenance ? c.CurrentStatus + " (maintenance)" : c.CurrentStatus,
            }));
            AppendTable(text, rows);
            foreach (var check in environment.Checks)
            {
                foreach (var outage in check.Outages)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    outage {check.Check}: {AvailabilityText.Time(outage.Start)} to {AvailabilityText.OutageEnd(outage)}, down {AvailabilityText.Duration(outage.Downtime)}: {outage.Cause}");
                }
            }
        }

        return text.ToString();
    }

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.Append("  ").AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }
}
