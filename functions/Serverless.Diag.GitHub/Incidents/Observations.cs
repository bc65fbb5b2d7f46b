using Serverless.Diag.Assertions;
using Serverless.Diag.Configuration;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.GitHub.Incidents;

/// <summary>What one run says about one incident fingerprint that is failing.</summary>
/// <param name="Check">The failing check; null for an environment-level (alert storm) incident.</param>
/// <param name="Related">Checks skipped because this one failed; for a storm, every failing check.</param>
/// <param name="Failing">What fails, as stable items (assertion expressions, <c>error:cause</c>, check names for a storm).</param>
/// <param name="MayOpen">False while an alert storm covers the environment: only an issue already open is kept up to date.</param>
internal sealed record FailingIncident(
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
}

/// <param name="Passing">Fingerprints that passed this run (a warn counts: degraded is not down).</param>
/// <remarks>A fingerprint in neither list was not run (filtered or skipped): its issue is left alone.</remarks>
internal sealed record Observations(IReadOnlyList<FailingIncident> Failing, IReadOnlySet<string> Passing);

internal static class ObservationReader
{
    public static Observations Read(RunReport report, int stormThreshold)
    {
        var failing = new List<FailingIncident>();
        var passing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var environment in report.Environments)
        {
            var failed = environment.Checks.Where(IsFailing).ToList();
            var storm = failed.Count > stormThreshold;
            foreach (var check in failed)
            {
                var related = environment.Checks.Where(c => c.Status == CheckStatus.Skipped && RootCause(c, environment.Checks) == check.Name).ToList();
                failing.Add(new FailingIncident(
                    Fingerprint.Of(environment.Name, check.Name), environment.Name, check.Name, check, related,
                    check.Severity, FailingItems(check), MayOpen: !storm));
            }

            foreach (var check in environment.Checks.Where(c => c.Status is CheckStatus.Pass or CheckStatus.Warn))
            {
                passing.Add(Fingerprint.Of(environment.Name, check.Name));
            }

            var stormFingerprint = Fingerprint.Storm(environment.Name);
            if (storm)
            {
                failing.Add(new FailingIncident(
                    stormFingerprint, environment.Name, Fingerprint.StormCheck, null, failed,
                    failed.Min(c => c.Severity), [.. failed.Select(c => c.Name).Order(StringComparer.Ordinal)], MayOpen: true));
            }
            else
            {
                passing.Add(stormFingerprint);
            }
        }

        return new Observations(failing, passing);
    }

    public static bool IsFailing(CheckReport check) => check.Status is CheckStatus.Fail or CheckStatus.Error;

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

        return [.. items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

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
