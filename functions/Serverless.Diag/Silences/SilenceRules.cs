using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Silences;

/// <summary>Which checks of a run are silenced, and by what. Pure: the same windows, silences and time give the same marks.</summary>
public static class SilenceRules
{
    /// <summary>Marks each check inside a window or silence; of several, the one lasting longest is shown.</summary>
    public static RunReport Apply(RunReport report, IReadOnlyList<MaintenanceWindow> windows, IReadOnlyList<Silence> silences, DateTimeOffset now)
    {
        if (windows.Count == 0 && silences.Count == 0)
        {
            return report;
        }

        var active = silences.Where(s => s.IsActive(now)).ToList();
        return report with
        {
            Environments = [.. report.Environments.Select(e => e with { Checks = [.. e.Checks.Select(c => Mark(c, windows, active, now))] })],
        };
    }

    /// <summary>The mark for one check now, or null.</summary>
    public static SilenceMark? Find(string environment, string check, IReadOnlyCollection<string> tags, IReadOnlyList<MaintenanceWindow> windows, IReadOnlyList<Silence> silences, DateTimeOffset now)
    {
        SilenceMark? best = null;
        foreach (var window in windows.Where(w => w.Covers(environment, check, tags)))
        {
            if (window.ActiveAt(now) is { } occurrence && (best is null || occurrence.End > best.Until))
            {
                best = new SilenceMark(SilenceMark.Maintenance, window.Name, occurrence.End);
            }
        }

        foreach (var silence in silences.Where(s => s.IsActive(now) && s.Covers(environment, check, tags)))
        {
            if (best is null || silence.Until > best.Until)
            {
                best = new SilenceMark(SilenceMark.Silence, silence.Id, silence.Until, silence.Reason);
            }
        }

        return best;
    }

    /// <summary>
    /// The <c>--until-pass</c> silences this run ends: every check it covers that ran this run passed (a warn counts),
    /// and at least one ran.
    /// </summary>
    public static IReadOnlyList<Silence> EndedByPass(RunReport report, IReadOnlyList<Silence> silences, DateTimeOffset now)
    {
        var ended = new List<Silence>();
        foreach (var silence in silences.Where(s => s.UntilPass && s.IsActive(now)))
        {
            var covered = report.Environments
                .Where(e => e.Name == silence.Environment)
                .SelectMany(e => e.Checks)
                .Where(c => c.Status != CheckStatus.Skipped && c.FollowUpOf is null && silence.Covers(c.Environment, c.Name, c.Tags))
                .ToList();
            if (covered.Count > 0 && covered.All(c => c.Status is CheckStatus.Pass or CheckStatus.Warn))
            {
                ended.Add(silence);
            }
        }

        return ended;
    }

    private static CheckReport Mark(CheckReport check, IReadOnlyList<MaintenanceWindow> windows, IReadOnlyList<Silence> silences, DateTimeOffset now) =>
        Find(check.Environment, check.Name, check.Tags, windows, silences, now) is { } mark ? check with { Silenced = mark } : check;
}
