using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Serverless.Diag.State.History;
using Serverless.Diag.Sinks.Availability;

namespace Serverless.Diag.Sinks.StatusPage;

/// <summary>
/// Writes the static status page: semantic HTML and one style sheet, no script. Every text that comes from the config,
/// a target or an issue is HTML-encoded, so a check named <c>&lt;script&gt;</c> is shown, never run.
/// </summary>
public static class StatusPageRenderer
{
    /// <summary>Daily bars per check.</summary>
    public const int Days = 90;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static StatusPageSite Render(StatusPageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new StatusPageSite(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StatusPageSite.IndexFile] = Index(model),
            [StatusPageSite.StyleFile] = StatusPageCss.Text,
        });
    }

    /// <summary>The first day shown (UTC midnight), <see cref="Days"/> days ending with today.</summary>
    public static DateTimeOffset FirstDay(DateTimeOffset now) => new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(-(Days - 1));

    private static string Index(StatusPageModel model)
    {
        var html = new StringBuilder();
        var title = E(model.Title);
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="serverless-diag">
            <title>{title}</title>
            <link rel="stylesheet" href="{StatusPageSite.StyleFile}">
            </head>
            <body>
            <header>
            <h1>{title}</h1>
            {Overall(model)}
            <p class="muted">Updated <time datetime="{Iso(model.GeneratedAt)}">{AvailabilityText.Time(model.GeneratedAt)} UTC</time>.</p>
            </header>
            <main>

            """);
        AppendIncidents(html, model.Incidents);
        AppendMaintenance(html, model.Maintenance);
        AppendLegend(html);
        var index = 0;
        foreach (var environment in model.History.Environments)
        {
            AppendEnvironment(html, environment, model, index++);
        }

        html.Append("""
            </main>
            <footer>
            <p class="muted">Availability is time-weighted from the scheduled checks: an outage lasts from the first failing run to the first passing one; planned maintenance is left out; days without runs show as no data.</p>
            </footer>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static string Overall(StatusPageModel model)
    {
        var checks = model.History.Environments.SelectMany(e => e.Checks).ToList();
        var (css, text) =
            checks.Any(c => c.CurrentStatus is "fail" or "error" && !c.InMaintenance) ? ("down", "Some checks are failing")
            : checks.Any(c => c.CurrentStatus == "warn" && !c.InMaintenance) ? ("degraded", "Some checks are degraded")
            : checks.Count > 0 && checks.All(c => c.CurrentStatus == "unknown") ? ("unknown", "No recent data")
            : ("up", "All checks operational");
        return $"<p class=\"overall overall-{css}\" role=\"status\">{text}</p>";
    }

    private static void AppendIncidents(StringBuilder html, IReadOnlyList<OpenIncident> incidents)
    {
        html.Append("<section aria-labelledby=\"incidents\">\n<h2 id=\"incidents\">Open incidents</h2>\n");
        if (incidents.Count == 0)
        {
            html.Append("<p>No open incidents.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"incidents\">\n");
        foreach (var incident in incidents)
        {
            var name = E(incident.Title);
            var linked = incident.Link is { } link && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)
                ? $"<a href=\"{E(link.AbsoluteUri)}\">{name}</a>"
                : name;
            var severity = incident.Severity is { } s ? $" <span class=\"status status-down\">{E(s)}</span>" : string.Empty;
            var since = incident.Since is { } t ? $", since <time datetime=\"{Iso(t)}\">{AvailabilityText.Time(t)} UTC</time>" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"incident\"><strong>{linked}</strong>{severity}<br><span class=\"muted\">{E(incident.Environment)} / {E(incident.Check)}{since}</span></li>\n");
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void AppendMaintenance(StringBuilder html, IReadOnlyList<MaintenanceNotice> windows)
    {
        html.Append("<section aria-labelledby=\"maintenance\">\n<h2 id=\"maintenance\">Maintenance</h2>\n");
        if (windows.Count == 0)
        {
            html.Append("<p>No maintenance in progress or planned.</p>\n</section>\n");
            return;
        }

        html.Append("<ul class=\"windows\">\n");
        foreach (var window in windows)
        {
            var state = window.InProgress ? "<span class=\"status status-maintenance\">In progress</span>" : "<span class=\"muted\">Planned</span>";
            var description = window.Description is { Length: > 0 } d ? $"<br>{E(d)}" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"""
                <li class="window"><strong>{E(window.Name)}</strong> {state}<br><time datetime="{Iso(window.Start)}">{AvailabilityText.Time(window.Start)}</time> to <time datetime="{Iso(window.End)}">{AvailabilityText.Time(window.End)}</time> UTC, {E(window.Scope)}{description}</li>

                """);
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void AppendLegend(StringBuilder html) => html.Append("""
        <ul class="legend" aria-label="Colours of the daily bars">
        <li><span class="swatch swatch-up"></span>99.9% or more available</li>
        <li><span class="swatch swatch-degraded"></span>99% to 99.9%</li>
        <li><span class="swatch swatch-down"></span>below 99%</li>
        <li><span class="swatch swatch-maintenance"></span>maintenance only</li>
        <li><span class="swatch swatch-none"></span>no data</li>
        </ul>

        """);

    private static void AppendEnvironment(StringBuilder html, EnvironmentAvailability environment, StatusPageModel model, int index)
    {
        var id = $"environment-{index}";
        html.Append(CultureInfo.InvariantCulture, $"""
            <section class="environment" aria-labelledby="{id}">
            <h2 id="{id}">{E(environment.Name)}</h2>
            <p class="muted">{AvailabilityText.Percent(environment.Totals.Availability)} available over the last {Days} days.</p>
            <ul class="checks">

            """);
        foreach (var check in environment.Checks)
        {
            AppendCheck(html, check, model);
        }

        html.Append("</ul>\n</section>\n");
    }

    private static void AppendCheck(StringBuilder html, CheckAvailability check, StatusPageModel model)
    {
        var (css, words) = Current(check);
        var name = E(check.Check);
        html.Append(CultureInfo.InvariantCulture, $"""
            <li class="check">
            <div class="check-head"><h3>{name}</h3><span class="status status-{css}">{words}</span></div>
            <ol class="bars" aria-label="{name}: daily availability, oldest first">

            """);
        var first = FirstDay(model.GeneratedAt);
        for (var day = 0; day < Days; day++)
        {
            var start = first.AddDays(day);
            var end = start.AddDays(1) < model.GeneratedAt ? start.AddDays(1) : model.GeneratedAt;
            var totals = check.Timeline.Totals(start, end);
            var (bar, label) = Bar(start, totals);
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"bar bar-{bar}\" title=\"{label}\"><span class=\"visually-hidden\">{label}</span></li>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </ol>
            <p class="range"><span class="since-90">{Days} days ago</span><span class="since-30">30 days ago</span><span>{AvailabilityText.Percent(check.Availability)} over {Days} days</span><span>Today</span></p>
            </li>

            """);
    }

    private static (string Css, string Words) Current(CheckAvailability check) =>
        check.InMaintenance ? ("maintenance", "Maintenance")
        : check.CurrentStatus switch
        {
            "pass" => ("up", "Operational"),
            "warn" => ("degraded", "Degraded"),
            "fail" or "error" => ("down", "Failing"),
            _ => ("unknown", "No recent data"),
        };

    /// <summary>The bar's colour class and its words ("2026-11-30: 99.2% available").</summary>
    public static (string Css, string Label) Bar(DateTimeOffset day, AvailabilityTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var date = day.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (totals.Availability is not { } share)
        {
            return totals.Maintenance > TimeSpan.Zero ? ("maintenance", $"{date}: maintenance") : ("none", $"{date}: no data");
        }

        var css = share >= 0.999 ? "up" : share >= 0.99 ? "degraded" : "down";
        return (css, $"{date}: {AvailabilityText.Percent(share)} available");
    }

    private static string E(string text) => Html.Encode(text);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
