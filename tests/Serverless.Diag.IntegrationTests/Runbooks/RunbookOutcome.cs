using System.Text.Json;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.IntegrationTests.Runbooks;

/// <summary>What one run of an example produced: the report and the incident files, with assertions that explain themselves.</summary>
internal sealed class RunbookOutcome(RunReport report, IReadOnlyDictionary<string, string> incidents, IReadOnlyList<string> plantedSecrets)
{
    public RunReport Report => report;

    public IReadOnlyDictionary<string, string> Incidents => incidents;

    public CheckReport Check(string name) =>
        report.AllChecks.SingleOrDefault(c => c.Name == name) ?? throw new Xunit.Sdk.XunitException($"check '{name}' did not run; ran: {string.Join(", ", report.AllChecks.Select(c => c.Name))}");

    /// <summary>Every check that ran passed (none skipped for a failed dependency), and nothing was filed.</summary>
    public void AssertAllPassed()
    {
        var bad = report.AllChecks.Where(c => c.Status != CheckStatus.Pass).Select(Describe).ToList();
        Assert.True(bad.Count == 0, "checks that did not pass:\n" + string.Join("\n", bad));
        Assert.Equal(RunStatus.Pass, report.Status);
        Assert.Empty(incidents);
        AssertNoSecretLeaked();
        AssertNoCauseNamed();
    }

    /// <summary>
    /// A healthy run names no cause: no check has a diagnosis, and even put to every rule as if it had failed, no
    /// check's measurements (connection ratios, blocked sessions, Redis memory, certificate dates...) match one.
    /// </summary>
    private void AssertNoCauseNamed()
    {
        Assert.All(report.AllChecks, c => Assert.Null(c.Diagnosis));
        var engine = Serverless.Diag.Diagnosis.CauseEngine.With([]);
        foreach (var environment in report.Environments)
        {
            var facts = environment.Checks.Select(c => new Serverless.Diag.Diagnosis.CheckFacts(c)).ToList();
            var view = new Serverless.Diag.Diagnosis.EnvironmentFacts(environment.Name, facts);
            foreach (var check in facts)
            {
                var named = engine.Diagnose(check, view).Candidates.Select(c => $"{check.Name}: {c.Rule} ({c.KeyEvidence})").ToList();
                Assert.True(named.Count == 0, "a healthy run named a cause:\n" + string.Join("\n", named));
            }
        }
    }

    /// <summary><paramref name="check"/> failed an assertion on <paramref name="path"/>.</summary>
    public CheckReport AssertFailedOn(string check, string path)
    {
        var report = Check(check);
        Assert.True(report.Status == CheckStatus.Fail, $"expected {check} to fail on {path}: {Describe(report)}");
        Assert.Contains(report.Assertions, a => !a.Passed && a.Expression.StartsWith(path, StringComparison.Ordinal));
        return report;
    }

    /// <summary><paramref name="check"/> could not measure, for <paramref name="cause"/>.</summary>
    public CheckReport AssertErrored(string check, string cause)
    {
        var report = Check(check);
        Assert.True(report.Status == CheckStatus.Error && report.Error?.Cause.Name == cause, $"expected {check} to error with {cause}: {Describe(report)}");
        return report;
    }

    public void AssertSkippedBecauseOf(string check, string failed)
    {
        var report = Check(check);
        Assert.True(report.Status == CheckStatus.Skipped && report.SkippedBecauseOf == failed, $"expected {check} skipped because of {failed}: {Describe(report)}");
    }

    /// <summary>
    /// The only checks that did not pass are <paramref name="failing"/> (and those skipped behind them); one incident was
    /// written for each, naming the check and what it saw, and no other.
    /// </summary>
    public void AssertOnlyIncidentsFor(params string[] failing)
    {
        var notPassing = report.AllChecks.Where(c => c.Status is CheckStatus.Fail or CheckStatus.Error or CheckStatus.Warn).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            notPassing.SequenceEqual(failing.Order(StringComparer.Ordinal)),
            $"expected only {string.Join(", ", failing)} to fail; not passing:\n" + string.Join("\n", report.AllChecks.Where(c => c.Status != CheckStatus.Pass).Select(Describe)));
        Assert.Equal(RunStatus.Fail, report.Status);
        Assert.Equal(failing.Length, incidents.Count);
        foreach (var name in failing)
        {
            var body = Incident(name);
            var check = Check(name);
            Assert.Contains($"/{name} -->", body, StringComparison.Ordinal);
            var headline = check.Error?.Message ?? check.Assertions.First(a => !a.Passed).Expression;
            Assert.Contains(headline, body, StringComparison.Ordinal);
        }

        AssertNoSecretLeaked();
    }

    /// <summary>The incident file written for <paramref name="check"/>.</summary>
    public string Incident(string check)
    {
        var match = incidents.Where(i => i.Key.EndsWith($"--{check}.md", StringComparison.Ordinal)).Select(i => i.Value).FirstOrDefault();
        Assert.True(match is not null, $"no incident for {check}; written: {string.Join(", ", incidents.Keys)}");
        return match!;
    }

    private void AssertNoSecretLeaked()
    {
        var everything = JsonSerializer.Serialize(report) + string.Join("\n", incidents.Values);
        foreach (var secret in plantedSecrets.Where(s => s.Length >= 8))
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static string Describe(CheckReport c) =>
        $"  {c.Name}: {c.Status}{(c.Headline is { } h ? " — " + h : string.Empty)}";
}
