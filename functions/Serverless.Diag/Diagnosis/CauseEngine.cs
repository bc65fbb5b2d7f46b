using System.Text.RegularExpressions;
using Serverless.Diag.Reporting;

namespace Serverless.Diag.Diagnosis;

/// <summary>
/// Puts the cause rules to every failing check of a run and attaches what they concluded. Pure: reads the run's
/// reports, touches nothing else. A cause is named only when exactly one rule matched.
/// </summary>
public sealed class CauseEngine(IReadOnlyList<CauseRule> rules)
{
    public IReadOnlyList<CauseRule> Rules => rules;

    /// <summary>The built-in library followed by the config's own rules.</summary>
    public static CauseEngine With(IEnumerable<CauseRule> userRules) => new([.. CauseLibrary.BuiltIn, .. userRules]);

    public CheckDiagnosis Diagnose(CheckFacts symptom, EnvironmentFacts environment)
    {
        var matched = new List<CauseCandidate>();
        var notMatched = new List<RuleVerdict>();
        var fallbacks = new List<CauseRule>();
        foreach (var rule in rules)
        {
            if (rule.IsFallback)
            {
                fallbacks.Add(rule);
                continue;
            }

            Record(rule, Evaluate(rule, symptom, environment), matched, notMatched);
        }

        foreach (var rule in fallbacks)
        {
            if (matched.Count > 0)
            {
                notMatched.Add(new RuleVerdict(rule.Id, $"a more specific cause matched ({string.Join(", ", matched.Select(m => m.Rule))})"));
                continue;
            }

            Record(rule, Evaluate(rule, symptom, environment), matched, notMatched);
        }

        // The config's own rules are the team's knowledge of its system: one that matches outranks the built-in library.
        var own = matched.Where(m => rules.OfType<UserCauseRule>().Any(r => r.Id == m.Rule)).ToList();
        if (own.Count > 0 && own.Count < matched.Count)
        {
            foreach (var builtIn in matched.Except(own).ToList())
            {
                matched.Remove(builtIn);
                notMatched.Add(new RuleVerdict(builtIn.Rule, $"it matched ({builtIn.KeyEvidence}), but the config's own rule '{own[0].Rule}' also matched and outranks the built-in library"));
            }
        }

        return new CheckDiagnosis(matched, notMatched);
    }

    /// <summary>The run with a diagnosis on each failing check.</summary>
    /// <param name="facts">Builds the facts of one check (its report plus what its definition says about the request).</param>
    public RunReport Diagnose(RunReport report, Func<CheckReport, CheckFacts> facts)
    {
        var environments = new List<EnvironmentReport>(report.Environments.Count);
        foreach (var environment in report.Environments)
        {
            if (!environment.Checks.Any(IsFailing))
            {
                environments.Add(environment);
                continue;
            }

            var all = environment.Checks.Select(facts).ToList();
            var view = new EnvironmentFacts(environment.Name, all);
            var checks = all.Select(c => IsFailing(c.Report) ? c.Report with { Diagnosis = Diagnose(c, view) } : c.Report).ToList();
            environments.Add(environment with { Checks = checks });
        }

        return report with { Environments = environments };
    }

    private static bool IsFailing(CheckReport check) => check.Status is CheckStatus.Fail or CheckStatus.Error;

    // A rule reads target text; whatever it meets, the run's report is still delivered.
    private static RuleOutcome Evaluate(CauseRule rule, CheckFacts symptom, EnvironmentFacts environment)
    {
        try
        {
            return rule.Evaluate(symptom, environment);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or RegexMatchTimeoutException or IndexOutOfRangeException or NullReferenceException)
        {
            return new RuleOutcome.NotMatched($"the rule could not be evaluated ({e.GetType().Name})");
        }
    }

    private static void Record(CauseRule rule, RuleOutcome outcome, List<CauseCandidate> matched, List<RuleVerdict> notMatched)
    {
        switch (outcome)
        {
            case RuleOutcome.Matched m:
                matched.Add(m.Candidate);
                break;
            case RuleOutcome.NotMatched n:
                notMatched.Add(new RuleVerdict(rule.Id, n.Reason));
                break;
        }
    }
}
