using Serverless.Diag.Configuration;
using Serverless.Diag.State;
using Serverless.Diag.State.History;

namespace Serverless.Diag.Sinks.StatusPage;

/// <summary>Gathers what the status page shows: 90 days of availability, the open incidents, the maintenance windows.</summary>
public static class StatusPages
{
    /// <summary>Windows starting within this time are listed as planned.</summary>
    public static TimeSpan PlannedAhead { get; } = TimeSpan.FromDays(14);

    /// <param name="incidents">The issue tracker's open incidents with their links; null: the failing checks in the store, unlinked.</param>
    public static async Task<StatusPageModel> BuildAsync(
        DiagConfig config, IStateStore store, DateTimeOffset now, IOpenIncidentSource? incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(store);
        var environments = config.Environments.Select(e => e.Name).ToList();
        var runs = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<HistoryEntry>>>(StringComparer.Ordinal);
        foreach (var environment in environments)
        {
            runs[environment] = await store.RunsByCheckAsync(environment, StatusPageRenderer.FirstDay(now) - AvailabilityReports.Lookback, null, cancellationToken);
        }

        // Rows carry the store's clock. When it runs ahead of this host's, the run just made is stamped after this
        // host's now: the page is as of the newest run, or it would show the run before (or no recent data).
        var newest = runs.Values.SelectMany(r => r.Values).Where(r => r.Count > 0).Select(r => r[^1].Time).DefaultIfEmpty(now).Max();
        var asOf = newest > now ? newest : now;
        var from = StatusPageRenderer.FirstDay(asOf);
        var history = new AvailabilityReport(
            from, asOf, store.Description, [.. environments.Select(e => AvailabilityReports.ForEnvironment(config, e, runs[e], from, asOf))]);
        var tracked = incidents is null ? [] : await incidents.ListOpenAsync(cancellationToken);
        var open = new List<OpenIncident>(tracked.Where(i => environments.Contains(i.Environment, StringComparer.Ordinal)));

        // A failing check whose incident the tracker does not (yet) show is still an open incident on the page.
        foreach (var environment in history.Environments)
        {
            foreach (var check in environment.Checks.Where(c => c.CurrentStatus is "fail" or "error"))
            {
                if (!open.Any(i => i.Environment == environment.Name && i.Check == check.Check))
                {
                    var since = check.Outages.Count > 0 && check.Outages[^1].Ongoing ? check.Outages[^1].Start : (DateTimeOffset?)null;
                    open.Add(new OpenIncident(environment.Name, check.Check, $"{check.Check} is failing", since, null));
                }
            }
        }

        return new StatusPageModel(StatusPageSettings.Of(config).Title, asOf, history, open, Maintenance(config, asOf));
    }

    public static List<MaintenanceNotice> Maintenance(DiagConfig config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        var notices = new List<MaintenanceNotice>();
        foreach (var window in config.Maintenance)
        {
            if (window.ActiveAt(now) is { } active)
            {
                notices.Add(new MaintenanceNotice(window.Name, active.Start, active.End, Scope(window), null, InProgress: true));
            }
            else if (window.NextStart(now) is { } start && start - now <= PlannedAhead)
            {
                var end = window.Cron is null ? window.End!.Value : start + window.Duration;
                notices.Add(new MaintenanceNotice(window.Name, start, end, Scope(window), null, InProgress: false));
            }
        }

        return [.. notices.OrderBy(n => n.Start)];
    }

    private static string Scope(MaintenanceWindow window)
    {
        var where = window.Environments.Count == 0 ? "all environments" : string.Join(", ", window.Environments);
        var what = window.Checks.Count == 0 && window.Tags.Count == 0
            ? "every check"
            : string.Join(", ", window.Checks.Concat(window.Tags.Select(t => $"tag {t}")));
        return $"{where}: {what}";
    }
}
