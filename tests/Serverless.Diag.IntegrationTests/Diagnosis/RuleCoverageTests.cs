using System.Reflection;
using Serverless.Diag.Diagnosis;
using Xunit.Abstractions;

namespace Serverless.Diag.IntegrationTests.Diagnosis;

/// <summary>Counts and prints the rules and their scenario cases; every rule family the issue names has a positive case and a twin.</summary>
public sealed class RuleCoverageTests(ITestOutputHelper output)
{
    private static readonly string[] ScenarioFamilies =
        ["pool-exhaustion", "lock-contention", "cache-maxmemory", "certificate-expired", "dns-missing-record", "token-rejected", "cors-origin-not-allowed"];

    [Fact]
    public void Every_rule_family_has_a_scenario_where_it_matches_and_a_twin_where_it_must_not()
    {
        var cases = typeof(RuleCoverageTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetCustomAttributes<CauseCaseAttribute>())
            .ToList();

        output.WriteLine($"{CauseLibrary.BuiltIn.Count} built-in cause rules; {cases.Count} scenario cases on real servers");
        foreach (var rule in CauseLibrary.BuiltIn)
        {
            var positive = cases.Count(c => c.Rule == rule.Id && c.Matches);
            var negative = cases.Count(c => c.Rule == rule.Id && !c.Matches);
            output.WriteLine($"  {rule.Id,-26} positive {positive}  negative {negative}{(positive + negative == 0 ? "  (unit tests: CauseEngineTests)" : string.Empty)}");
        }

        foreach (var family in ScenarioFamilies)
        {
            Assert.Contains(cases, c => c.Rule == family && c.Matches);
            Assert.Contains(cases, c => c.Rule == family && !c.Matches);
        }

        Assert.All(cases, c => Assert.Contains(CauseLibrary.BuiltIn, r => r.Id == c.Rule));
    }
}
