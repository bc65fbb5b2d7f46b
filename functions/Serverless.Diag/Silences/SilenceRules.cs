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
                best = new SilenceMark(silence.Kind, silence.Id, silence.Until, silence.Reason);
            }
        }

        return best;
    }

    /// <summary>
    /// What this run adds to each active <c>--until-pass</c> silence: the covered checks that passed (a warn counts),
    /// and the covered checks that have still not passed once since it was set, this run's passes and the stored
    /// ones together. A silence ends when none remain.
    /// </summary>
    /// <remarks>
    /// Covered are the config's checks of the silence's environment that it names or tags (all of them without names
    /// or tags), except follow-up-only checks and checks this run skipped on their own account (load not allowed):
    /// those never pass.
    /// </remarks>
    public static IReadOnlyList<UntilPassProgress> PassProgress(RunReport report, DiagConfig config, IReadOnlyList<Silence> silences, DateTimeOffset now)
    {
        var progress = new List<UntilPassProgress>();
        foreach (var silence in silences.Where(s => s.UntilPass && s.IsActive(now)))
        {
            var ran = report.Environments
                .Where(e => e.Name == silence.Environment)
                .SelectMany(e => e.Checks)
                .Where(c => c.FollowUpOf is null)
                .ToDictionary(c => c.Name, StringComparer.Ordinal);
            var covered = config.Checks
                .Where(c => c.RunsIn(silence.Environment) && !c.FollowUpOnly && silence.Covers(silence.Environment, c.Name, c.Tags))
                .Where(c => !(ran.GetValueOrDefault(c.Name) is { Status: CheckStatus.Skipped, SkippedBecauseOf: null }))
                .Select(c => c.Name)
                .ToList();
            var passedNow = covered.Where(c => ran.GetValueOrDefault(c) is { Status: CheckStatus.Pass or CheckStatus.Warn }).ToList();
            if (passedNow.Count == 0)
            {
                continue;
            }

            var remaining = covered.Except(silence.Passed.Concat(passedNow), StringComparer.Ordinal).ToList();
            progress.Add(new UntilPassProgress(silence, passedNow, remaining));
        }

        return progress;
    }

    /// <summary>
    /// Marks the checks an incident sink found silenced after the report was built (a <c>/diag snooze</c>, the
    /// <c>silenced</c> label), unless a mark lasting at least as long is already there.
    /// </summary>
    public static RunReport WithMarks(RunReport report, IReadOnlyList<CheckSilence> marks)
    {
        if (marks.Count == 0)
        {
            return report;
        }

        var byCheck = marks.GroupBy(m => (m.Environment, m.Check)).ToDictionary(g => g.Key, g => g.MaxBy(m => m.Mark.Until ?? DateTimeOffset.MaxValue)!.Mark);
        return report with
        {
            Environments = [.. report.Environments.Select(e => e with
            {
                Checks = [.. e.Checks.Select(c => byCheck.TryGetValue((c.Environment, c.Name), out var mark) && LastsLonger(mark, c.Silenced) ? c with { Silenced = mark } : c)],
            })],
        };
    }

    private static bool LastsLonger(SilenceMark mark, SilenceMark? current) =>
        current is null || (mark.Until ?? DateTimeOffset.MaxValue) > (current.Until ?? DateTimeOffset.MaxValue);

    private static CheckReport Mark(CheckReport check, IReadOnlyList<MaintenanceWindow> windows, IReadOnlyList<Silence> silences, DateTimeOffset now) =>
        Find(check.Environment, check.Name, check.Tags, windows, silences, now) is { } mark ? check with { Silenced = mark } : check;
}

/// <summary>An <c>--until-pass</c> silence after this run.</summary>
/// <param name="PassedNow">The covered checks that passed in this run.</param>
/// <param name="Remaining">The covered checks that have not passed once since the silence was set.</param>
public sealed record UntilPassProgress(Silence Silence, IReadOnlyList<string> PassedNow, IReadOnlyList<string> Remaining)
{
    public bool Ends => Remaining.Count == 0;
}

/// <summary>A check an incident sink found silenced (<c>/diag snooze</c>, the <c>silenced</c> label), for the run's report.</summary>
public sealed record CheckSilence(string Environment, string Check, SilenceMark Mark);
