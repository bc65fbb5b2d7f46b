using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Incidents;

/// <summary>What one run says about one incident fingerprint that is failing.</summary>
/// <param name="Check">The failing check; null for an environment-level (alert storm) incident.</param>
/// <param name="Related">Checks skipped because this one failed; for a storm, every failing check.</param>
/// <param name="Failing">What fails, as stable items (assertion expressions, <c>error:cause</c>, check names for a storm).</param>
/// <param name="MayOpen">False while an alert storm covers the environment: only an issue already open is kept up to date.</param>
public sealed record FailingIncident(
    string Fingerprint,
    string Environment,
    string CheckName,
    CheckReport? Check,
    IReadOnlyList<CheckReport> Related,
    Severity Severity,
    IReadOnlyList<string> Failing,
    bool MayOpen)
{
    public bool IsStorm => Check is null;

    /// <summary>Failing, but fewer consecutive failing runs than the failure threshold: nothing opens yet.</summary>
    public ThresholdProgress? Pending { get; init; }

    /// <summary>Inside a silence or maintenance window until then: no open, escalation, reminder or notification.</summary>
    public DateTimeOffset? SilencedUntil { get; init; }

    /// <summary>The check's own <c>escalate_after</c>; null falls back to the policy's per-severity delay.</summary>
    public TimeSpan? EscalateAfter { get; init; }

    /// <summary>The headline people read first (already redacted by the caller).</summary>
    public string Headline => Check?.Headline ?? $"alert storm, {Related.Count} checks failing";

    /// <summary>Failing checks whose probable cause is this check's: they get no issue of their own.</summary>
    public IReadOnlyList<CheckReport> Symptoms { get; init; } = [];

    /// <summary>The checks this one's <c>on_failure</c> ran next, with their results.</summary>
    public IReadOnlyList<CheckReport> FollowUps { get; init; } = [];
}

/// <summary>How far a failing check is towards its failure threshold (<c>pending 1/3</c>).</summary>
public readonly record struct ThresholdProgress(int Count, int Threshold)
{
    public override string ToString() => $"pending {Count}/{Threshold}";
}

/// <summary>Per failing check, what the run alone cannot know; either delegate may be null.</summary>
public sealed record IncidentAnnotations(Func<CheckReport, ThresholdProgress?>? Pending, Func<CheckReport, DateTimeOffset?>? SilencedUntil);

/// <param name="Passing">Fingerprints that passed this run (a warn counts: degraded is not down).</param>
/// <remarks>A fingerprint in neither list was not run (filtered or skipped): its issue is left alone.</remarks>
public sealed record Observations(IReadOnlyList<FailingIncident> Failing, IReadOnlySet<string> Passing);

/// <summary>Turns a run report into what it says about each incident fingerprint, storms included. Pure.</summary>
public static class ObservationReader
{
    /// <param name="annotations">What a state store or a silence knows about a failing check (threshold progress, silence end).</param>
    public static Observations Read(RunReport report, int stormThreshold, IncidentAnnotations? annotations = null)
    {
        var failing = new List<FailingIncident>();
        var passing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var environment in report.Environments)
        {
            var annotated = environment.Checks.Where(c => IsFailing(c) && c.FollowUpOf is null)
                .Select(c => (Check: c, Pending: annotations?.Pending?.Invoke(c) ?? c.Pending, SilencedUntil: annotations?.SilencedUntil?.Invoke(c) ?? SilencedUntil(c)))
                .ToList();

            // Follow-ups and symptoms explained by another failing check are reported in that check's incident.
            // Checks below their failure threshold or silenced are not incidents yet: they do not make a storm.
            var failed = annotated.Where(a => a.Pending is null && a.SilencedUntil is null).Select(a => a.Check).ToList();
            var storm = failed.Count > stormThreshold;
            foreach (var (check, pending, silencedUntil) in annotated.Where(a => SymptomOf(a.Check, failed) is null))
            {
                var symptoms = failed.Where(c => SymptomOf(c, failed) == check.Name).ToList();
                var related = environment.Checks.Where(c => c.Status == CheckStatus.Skipped && RootCause(c, environment.Checks) == check.Name).ToList();
                failing.Add(new FailingIncident(
                    IncidentFingerprint.Of(environment.Name, check.Name), environment.Name, check.Name, check, related,
                    symptoms.Select(c => c.Severity).Append(check.Severity).Min(), FailingItems(check), MayOpen: !storm)
                {
                    Pending = pending,
                    SilencedUntil = silencedUntil,
                    Symptoms = symptoms,
                    FollowUps = [.. check.FollowUps.Select(n => environment.Checks.FirstOrDefault(c => c.Name == n)).OfType<CheckReport>()],
                });
            }

            foreach (var check in environment.Checks.Where(c => c.Status is CheckStatus.Pass or CheckStatus.Warn && c.FollowUpOf is null))
            {
                passing.Add(IncidentFingerprint.Of(environment.Name, check.Name));
            }

            ReadDegrading(environment, failing, passing);

            var stormFingerprint = IncidentFingerprint.Storm(environment.Name);
            if (storm)
            {
                failing.Add(new FailingIncident(
                    stormFingerprint, environment.Name, IncidentFingerprint.StormCheck, null, failed,
                    failed.Min(c => c.Severity), Bounded(failed.Select(c => c.Name)), MayOpen: true));
            }
            else
            {
                passing.Add(stormFingerprint);
            }
        }

        return new Observations(failing, passing);
    }

    /// <summary>
    /// A check forecast to reach a limit (and not failing already) is its own P3 incident, <c>env/check~degrading</c>;
    /// a check that ran without such a forecast is passing for it, so the incident closes when the forecast recovers.
    /// </summary>
    private static void ReadDegrading(EnvironmentReport environment, List<FailingIncident> failing, HashSet<string> passing)
    {
        foreach (var check in environment.Checks.Where(c => c.Degrading is not null && c.Status != CheckStatus.Skipped && c.FollowUpOf is null))
        {
            var fingerprint = IncidentFingerprint.Degrading(environment.Name, check.Name);
            if (IsFailing(check))
            {
                continue; // the outage incident speaks for the check; the forecast is left as it was
            }

            if (check.Degrading!.Count == 0)
            {
                passing.Add(fingerprint);
                continue;
            }

            failing.Add(new FailingIncident(
                fingerprint, environment.Name, check.Name, check, [], Severity.P3, Bounded(check.Degrading.Select(f => f.Expression)), MayOpen: true)
            {
                SilencedUntil = SilencedUntil(check),
            });
        }
    }

    /// <summary>The end of the window or silence the check is in; an open-ended one (a label) lasts until removed.</summary>
    public static DateTimeOffset? SilencedUntil(CheckReport check) => check.Silenced is { } mark ? mark.Until ?? DateTimeOffset.MaxValue : null;

    public static bool IsFailing(CheckReport check) => check.Status is CheckStatus.Fail or CheckStatus.Error;

    /// <summary>The failing check (running on its own) whose cause explains this one's failure, if the diagnosis names one.</summary>
    private static string? SymptomOf(CheckReport check, IReadOnlyList<CheckReport> failed) =>
        check.Diagnosis?.RootCheck is { } root && root != check.Name && failed.Any(f => f.Name == root && f.Diagnosis?.RootCheck is null) ? root : null;

    public static IReadOnlyList<string> FailingItems(CheckReport check)
    {
        var items = new List<string>();
        if (check.Error is not null)
        {
            items.Add($"error:{check.Error.Cause}");
        }

        items.AddRange(check.Assertions.Where(a => !a.Passed && a.Level == AssertionLevel.Fail).Select(a => a.Expression));
        if (items.Count == 0)
        {
            items.Add($"status:{check.Status.ToWire()}");
        }

        return Bounded(items);
    }

    /// <summary>The state block keeps at most this many items, each cut short; comparisons use the same bound so they stay stable.</summary>
    public const int MaxItems = 50;

    public static IReadOnlyList<string> Bounded(IEnumerable<string> items) =>
        [.. items.Select(i => i.Length <= 200 ? i : i[..200]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxItems)];

    /// <summary>Follows <c>SkippedBecauseOf</c> through skipped checks to the failing one (a chain a -> b -> c lists c under a).</summary>
    private static string? RootCause(CheckReport skipped, IReadOnlyList<CheckReport> checks)
    {
        var current = skipped;
        for (var hops = 0; hops < checks.Count && current.SkippedBecauseOf is { } parentName; hops++)
        {
            var parent = checks.FirstOrDefault(c => c.Name == parentName);
            if (parent is null)
            {
                return null;
            }

            if (IsFailing(parent))
            {
                return parent.Name;
            }

            if (parent.Status != CheckStatus.Skipped)
            {
                return null;
            }

            current = parent;
        }

        return null;
    }
}
