using System.Globalization;
using System.Text;
using Serverless.Diag.Sinks.Markdown;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Sinks.Availability;

/// <summary>
/// The monthly report a team pastes (or the timer keeps in one issue per month): per environment a table of the checks'
/// availability, outages, MTTR and latency, then the outages themselves. Names from the config are escaped as cells.
/// </summary>
public static class AvailabilityMarkdownWriter
{
    /// <summary>The longest outage list shown per environment; a month with more says how many were left out.</summary>
    public const int MaxOutagesListed = 50;

    public static string Title(AvailabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"Availability report: {AvailabilityText.PeriodName(report.From, report.To)}";
    }

    public static string ToMarkdown(AvailabilityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# {Title(report)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Period {AvailabilityText.Time(report.From)} to {AvailabilityText.Time(report.To)} UTC. Availability is time-weighted: an outage lasts from the first failing run to the first passing one, planned maintenance windows are left out, and time no run spoke for (*no data*) counts neither as up nor as down.");
        foreach (var environment in report.Environments)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {MarkdownText.Inline(environment.Name)}: {AvailabilityText.Percent(environment.Totals.Availability)}");
            md.AppendLine();
            md.AppendLine("| Check | Availability | Outages | MTTR | Longest outage | p50 | p95 | No data | Now |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (var c in environment.Checks)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Inline(c.Check)} | {AvailabilityText.Percent(c.Availability)} | {c.Outages.Count} | {AvailabilityText.Duration(c.Mttr)} | {AvailabilityText.Duration(c.Longest?.Downtime)} | {AvailabilityText.Latency(c.LatencyP50Ms)} | {AvailabilityText.Latency(c.LatencyP95Ms)} | {AvailabilityText.Share(c.Totals.UnknownShare)} | {Now(c)} |");
            }

            AppendOutages(md, environment);
        }

        return md.ToString();
    }

    private static string Now(CheckAvailability check)
    {
        var icon = check.CurrentStatus switch
        {
            "pass" => "✅",
            "warn" => "⚠️",
            "fail" or "error" => "❌",
            _ => "❔",
        };
        return $"{icon} {check.CurrentStatus}{(check.InMaintenance ? " (maintenance)" : string.Empty)}";
    }

    private static void AppendOutages(StringBuilder md, EnvironmentAvailability environment)
    {
        var outages = environment.Checks.SelectMany(c => c.Outages.Select(o => (c.Check, Outage: o))).OrderBy(x => x.Outage.Start).ToList();
        if (outages.Count == 0)
        {
            md.AppendLine();
            md.AppendLine("No outages.");
            return;
        }

        md.AppendLine();
        md.AppendLine("### Outages");
        md.AppendLine();
        md.AppendLine("| Check | Started (UTC) | Recovered (UTC) | Down | First cause |");
        md.AppendLine("|---|---|---|---:|---|");
        foreach (var (check, outage) in outages.Take(MaxOutagesListed))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {MarkdownText.Inline(check)} | {AvailabilityText.Time(outage.Start)} | {AvailabilityText.OutageEnd(outage)} | {AvailabilityText.Duration(outage.Downtime)} | {MarkdownText.Inline(outage.Cause, 120)} |");
        }

        if (outages.Count > MaxOutagesListed)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"… and {outages.Count - MaxOutagesListed} more (`serverless-diag report --format json` lists them all).");
        }
    }
}
